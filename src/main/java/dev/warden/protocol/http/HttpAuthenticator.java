package dev.warden.protocol.http;

import dev.warden.login.Attempt;
import dev.warden.login.Authenticator;
import dev.warden.login.Credential;
import dev.warden.login.LoginSession;
import dev.warden.probe.ProbeContext;
import dev.warden.probe.Service;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;

/**
 * HTTP Basic and Digest (RFC 7616: MD5, MD5-sess, SHA-256, qop=auth) logins on a page that answered 401. A login is
 * proven when the same request that was refused is answered 2xx or 3xx with the credentials. Only GET is sent.
 */
public final class HttpAuthenticator implements Authenticator {

    @Override
    public String protocol() {
        return "http";
    }

    @Override
    public boolean applies(Service s) {
        String auth = s.fact("http.auth");
        return (s.protocol().equals("http") || s.protocol().equals("https")) && ("basic".equals(auth) || "digest".equals(auth));
    }

    @Override
    public LoginSession open(Service service, ProbeContext ctx) {
        return new LoginSession() {
            @Override
            public Attempt attempt(Credential c) throws IOException {
                long start = System.nanoTime();
                String header = "digest".equals(service.fact("http.auth")) ? digestHeader(service, c, ctx) : basic(c);
                if (header == null) return done(Attempt.Outcome.INCONCLUSIVE, "no Digest challenge to answer", start);
                var ex = HttpClient.request(ctx, service.host(), service.port(), service.tls(), "GET", "/", "HTTP/1.1",
                        "Authorization: " + header + "\r\n");
                if (ex.isEmpty()) return done(Attempt.Outcome.INCONCLUSIVE, "no HTTP answer", start);
                int status = ex.get().response().status();
                if (status >= 200 && status < 400) {
                    return done(Attempt.Outcome.ACCEPTED, "GET / answered 401 without credentials and " + status + " with "
                            + service.fact("http.auth") + " credentials for " + c.user(), start);
                }
                if (status == 401 || status == 403) return done(Attempt.Outcome.REJECTED, "GET / answered " + status, start);
                return done(Attempt.Outcome.INCONCLUSIVE, "GET / answered " + status, start);
            }

            @Override
            public boolean reusable() {
                return true; // each attempt opens its own connection
            }

            @Override
            public void close() {}
        };
    }

    private static String basic(Credential c) {
        return "Basic " + Base64.getEncoder().encodeToString((c.user() + ":" + c.password()).getBytes(StandardCharsets.UTF_8));
    }

    /** Fetches a fresh challenge (nonces expire) and answers it. */
    private static String digestHeader(Service s, Credential c, ProbeContext ctx) throws IOException {
        var ex = HttpClient.request(ctx, s.host(), s.port(), s.tls(), "GET", "/", "HTTP/1.1", "");
        Optional<String> challenge = ex.flatMap(e -> e.response().challenge("Digest"));
        if (challenge.isEmpty()) return null;
        String ch = challenge.get();
        String realm = HttpResponse.param(ch, "realm").orElse("");
        String nonce = HttpResponse.param(ch, "nonce").orElse("");
        String opaque = HttpResponse.param(ch, "opaque").orElse(null);
        String algorithm = HttpResponse.param(ch, "algorithm").orElse("MD5");
        String qop = HttpResponse.param(ch, "qop").map(q -> q.toLowerCase(Locale.ROOT).contains("auth") ? "auth" : null).orElse(null);
        return digest(c, "GET", "/", realm, nonce, opaque, algorithm, qop, ctx.token(8));
    }

    /** The Digest answer for one request; RTSP reuses it with its own method and URI. */
    public static String digest(Credential c, String method, String uri, String realm, String nonce, String opaque,
                         String algorithm, String qop, String cnonce) {
        String alg = algorithm.toUpperCase(Locale.ROOT);
        String hashName = alg.startsWith("SHA-256") ? "SHA-256" : "MD5";
        String nc = "00000001";
        String ha1 = hash(hashName, c.user() + ":" + realm + ":" + c.password());
        if (alg.endsWith("-SESS")) ha1 = hash(hashName, ha1 + ":" + nonce + ":" + cnonce);
        String ha2 = hash(hashName, method + ":" + uri);
        String response = qop == null ? hash(hashName, ha1 + ":" + nonce + ":" + ha2)
                : hash(hashName, ha1 + ":" + nonce + ":" + nc + ":" + cnonce + ":" + qop + ":" + ha2);
        var sb = new StringBuilder("Digest username=\"").append(c.user()).append("\", realm=\"").append(realm)
                .append("\", nonce=\"").append(nonce).append("\", uri=\"").append(uri).append("\", algorithm=").append(algorithm)
                .append(", response=\"").append(response).append('"');
        if (qop != null) sb.append(", qop=").append(qop).append(", nc=").append(nc).append(", cnonce=\"").append(cnonce).append('"');
        if (opaque != null) sb.append(", opaque=\"").append(opaque).append('"');
        return sb.toString();
    }

    private static String hash(String alg, String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(alg).digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(alg + " is not available", e);
        }
    }

    private static Attempt done(Attempt.Outcome o, String evidence, long start) {
        return new Attempt(o, evidence, Duration.ofNanos(System.nanoTime() - start));
    }
}
