package dev.warden.protocol.http;

import dev.warden.probe.ProbeContext;
import dev.warden.probe.Service;
import dev.warden.probe.ServiceProbe;

import java.io.IOException;
import java.util.HashMap;
import java.util.Optional;
import java.util.Set;

/** Asks {@code GET /} (over TLS on the usual TLS ports) and records the Server header, title and login realm. */
public final class HttpProbe implements ServiceProbe {
    static final Set<Integer> PLAIN = Set.of(80, 81, 8000, 8080, 8081, 7547, 5000, 8008, 8888, 88);
    static final Set<Integer> TLS = Set.of(443, 8443, 4443);

    @Override
    public String protocol() {
        return "http";
    }

    @Override
    public boolean usualPort(int port) {
        return PLAIN.contains(port) || TLS.contains(port);
    }

    @Override
    public boolean serverSpeaksFirst() {
        return false;
    }

    @Override
    public Optional<Service> probe(String host, int port, byte[] greeting, ProbeContext ctx) throws IOException {
        if (greeting.length > 0 && !TLS.contains(port)) return Optional.empty();
        boolean tls = TLS.contains(port);
        var ex = HttpClient.request(ctx, host, port, tls, "GET", "/", "HTTP/1.1", "");
        if (ex.isEmpty() || !ex.get().response().version().startsWith("HTTP")) return Optional.empty();
        HttpResponse r = ex.get().response();
        var facts = new HashMap<String, String>();
        facts.put("http.status", Integer.toString(r.status()));
        r.header("Server").ifPresent(v -> facts.put("http.server", v));
        r.title().ifPresent(v -> facts.put("http.title", v));
        r.header("Location").ifPresent(v -> facts.put("http.location", v));
        String auth = r.status() == 401 ? r.authScheme().orElse("unknown") : "none";
        facts.put("http.auth", auth);
        r.authScheme().flatMap(r::challenge).flatMap(c -> HttpResponse.param(c, "realm")).ifPresent(v -> facts.put("http.realm", v));
        if (ex.get().tlsProtocol() != null) facts.put("tls.protocol", ex.get().tlsProtocol());
        String banner = r.version() + " " + r.status() + " " + r.reason() + r.header("Server").map(s -> " / " + s).orElse("");
        return Optional.of(new Service(host, port, Service.Transport.TCP, tls ? "https" : "http", tls, banner, facts));
    }
}
