package dev.warden.protocol.rtsp;

import dev.warden.login.Attempt;
import dev.warden.login.Authenticator;
import dev.warden.login.Credential;
import dev.warden.login.LoginSession;
import dev.warden.probe.ProbeContext;
import dev.warden.probe.Service;
import dev.warden.protocol.http.HttpAuthenticator;
import dev.warden.protocol.http.HttpResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;

/**
 * RTSP logins: {@code DESCRIBE} of the server's root with Basic or Digest credentials, as a video player would send
 * them. The login is proven when the request that was answered 401 without credentials is answered 200 with them;
 * 401 or 403 is a refusal. Only DESCRIBE is sent, so no stream is ever set up or played.
 */
public final class RtspAuthenticator implements Authenticator {

    @Override
    public String protocol() {
        return "rtsp";
    }

    @Override
    public boolean applies(Service s) {
        String auth = s.fact("rtsp.auth");
        return s.protocol().equals("rtsp") && ("basic".equals(auth) || "digest".equals(auth));
    }

    @Override
    public LoginSession open(Service service, ProbeContext ctx) {
        return new LoginSession() {
            @Override
            public Attempt attempt(Credential c) throws IOException {
                return RtspAuthenticator.attempt(service, ctx, c);
            }

            @Override
            public boolean reusable() {
                return true; // each attempt opens its own connection
            }

            @Override
            public void close() {}
        };
    }

    private static Attempt attempt(Service service, ProbeContext ctx, Credential c) throws IOException {
        long start = System.nanoTime();
        // A quote or line break would end the header early and let the pair write headers of its own.
        if (c.user().matches("(?s).*[\"\\r\\n].*") || c.password().matches("(?s).*[\\r\\n].*")) {
            return done(Attempt.Outcome.INCONCLUSIVE, "the pair contains a quote or line break; not sent", start);
        }
        boolean digest = "digest".equals(service.fact("rtsp.auth"));
        String url = RtspClient.url(service.host(), service.port());
        RtspClient client = new RtspClient(ctx.open(service.host(), service.port()), url);
        try {
            String header;
            if (digest) {
                // Nonces expire and some servers tie them to the connection: fetch a fresh one on this connection.
                Optional<HttpResponse> challenge = client.request("DESCRIBE", "Accept: application/sdp\r\n", ctx.probeTimeout());
                Optional<String> ch = challenge.filter(r -> r.status() == 401).flatMap(r -> r.challenge("Digest"));
                if (ch.isEmpty()) {
                    return done(client.usable() ? Attempt.Outcome.INCONCLUSIVE : Attempt.Outcome.REFUSED, "no Digest challenge to answer"
                            + challenge.map(r -> " (DESCRIBE answered " + r.status() + ")").orElse(""), start);
                }
                String chal = ch.get();
                String qop = HttpResponse.param(chal, "qop").map(q -> q.toLowerCase(Locale.ROOT).contains("auth") ? "auth" : null).orElse(null);
                header = HttpAuthenticator.digest(c, "DESCRIBE", url, HttpResponse.param(chal, "realm").orElse(""),
                        HttpResponse.param(chal, "nonce").orElse(""), HttpResponse.param(chal, "opaque").orElse(null),
                        HttpResponse.param(chal, "algorithm").orElse("MD5"), qop, ctx.token(8));
                if (!client.usable()) {
                    client.close();
                    client = new RtspClient(ctx.open(service.host(), service.port()), url);
                }
            } else {
                header = "Basic " + Base64.getEncoder().encodeToString((c.user() + ":" + c.password()).getBytes(StandardCharsets.UTF_8));
            }
            Optional<HttpResponse> r = client.request("DESCRIBE", "Accept: application/sdp\r\nAuthorization: " + header + "\r\n", ctx.failureWait());
            if (r.isEmpty()) {
                return done(client.usable() ? Attempt.Outcome.INCONCLUSIVE : Attempt.Outcome.REFUSED, "no RTSP answer to DESCRIBE", start);
            }
            int status = r.get().status();
            String scheme = digest ? "digest" : "basic";
            if (status >= 200 && status < 300) {
                return done(Attempt.Outcome.ACCEPTED, "DESCRIBE " + url + " answered 401 without credentials and " + status
                        + " with " + scheme + " credentials for " + c.user(), start);
            }
            if (status == 401 || status == 403) return done(Attempt.Outcome.REJECTED, "DESCRIBE answered " + status, start);
            return done(Attempt.Outcome.INCONCLUSIVE, "DESCRIBE with " + scheme + " credentials answered " + status, start);
        } finally {
            client.close();
        }
    }

    private static Attempt done(Attempt.Outcome o, String evidence, long start) {
        return new Attempt(o, evidence, Duration.ofNanos(System.nanoTime() - start));
    }
}
