package dev.warden.protocol.http;

import dev.warden.login.Attempt;
import dev.warden.login.Authenticator;
import dev.warden.login.Credential;
import dev.warden.login.LoginSession;
import dev.warden.probe.ProbeContext;
import dev.warden.probe.Service;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * A web login form declared by a fingerprint (docs/fingerprints.md, "form"): POST the user and password fields and read
 * the answer with the fingerprint's success and failure patterns (matched on the Location header and the body). An
 * answer matching neither proves nothing and is reported as inconclusive.
 */
public final class HttpFormAuthenticator implements Authenticator {
    @Override
    public String protocol() {
        return "http";
    }

    @Override
    public boolean applies(Service s) {
        return (s.protocol().equals("http") || s.protocol().equals("https")) && s.fact("http.form.path") != null
                && "none".equals(s.fact("http.auth"));
    }

    @Override
    public LoginSession open(Service s, ProbeContext ctx) {
        Pattern success = Pattern.compile(s.fact("http.form.success"));
        Pattern failure = Pattern.compile(s.fact("http.form.failure"));
        return new LoginSession() {
            @Override
            public Attempt attempt(Credential c) throws IOException {
                long start = System.nanoTime();
                String body = enc(s.fact("http.form.user")) + "=" + enc(c.user()) + "&" + enc(s.fact("http.form.password")) + "=" + enc(c.password())
                        + (s.fact("http.form.extra").isEmpty() ? "" : "&" + s.fact("http.form.extra"));
                var ex = HttpClient.request(ctx, s.host(), s.port(), s.tls(), "POST", s.fact("http.form.path"), "HTTP/1.1",
                        "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: " + body.length() + "\r\n", body);
                Duration took = Duration.ofNanos(System.nanoTime() - start);
                if (ex.isEmpty()) return new Attempt(Attempt.Outcome.INCONCLUSIVE, "no HTTP answer to the form", took);
                var r = ex.get().response();
                String seen = r.header("Location").orElse("") + "\n" + r.body();
                if (failure.matcher(seen).find()) return new Attempt(Attempt.Outcome.REJECTED, "form answered " + r.status() + " with the failure text", took);
                if (success.matcher(seen).find() && r.status() < 400) {
                    return new Attempt(Attempt.Outcome.ACCEPTED, "POST " + s.fact("http.form.path") + " as " + c.user() + " answered " + r.status()
                            + " matching the fingerprint's success pattern '" + success.pattern() + "'", took);
                }
                return new Attempt(Attempt.Outcome.INCONCLUSIVE, "form answered " + r.status() + ", matching neither pattern", took);
            }

            @Override
            public boolean reusable() {
                return true;
            }

            @Override
            public void close() {}
        };
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
