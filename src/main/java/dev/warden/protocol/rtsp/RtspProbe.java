package dev.warden.protocol.rtsp;

import dev.warden.probe.ProbeContext;
import dev.warden.probe.Service;
import dev.warden.probe.ServiceProbe;
import dev.warden.protocol.http.HttpResponse;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Recognises RTSP (cameras, NVRs) by asking {@code OPTIONS} for the server's root, then {@code DESCRIBE} to see whether
 * the stream description needs a login and which kind. Nothing is set up or played.
 */
public final class RtspProbe implements ServiceProbe {
    @Override
    public String protocol() {
        return "rtsp";
    }

    @Override
    public boolean usualPort(int port) {
        return port == 554 || port == 8554;
    }

    @Override
    public boolean serverSpeaksFirst() {
        return false;
    }

    @Override
    public Optional<Service> probe(String host, int port, byte[] greeting, ProbeContext ctx) throws IOException {
        if (greeting.length > 0) return Optional.empty(); // an RTSP server waits for the client
        String url = RtspClient.url(host, port);
        var facts = new HashMap<String, String>();
        HttpResponse options;
        try (var c = new RtspClient(ctx.open(host, port), url)) {
            Optional<HttpResponse> o = c.request("OPTIONS", "", ctx.probeTimeout());
            if (o.isEmpty() || !o.get().version().startsWith("RTSP/")) return Optional.empty();
            options = o.get();
            facts.put("rtsp.options-status", Integer.toString(options.status()));
            options.header("Server").ifPresent(v -> facts.put("rtsp.server", clip(v)));
            options.header("Public").ifPresent(v -> facts.put("rtsp.public", clip(v)));
            Optional<HttpResponse> d;
            if (c.usable()) {
                d = c.request("DESCRIBE", "Accept: application/sdp\r\n", ctx.probeTimeout());
            } else {
                try (var again = new RtspClient(ctx.open(host, port), url)) {
                    d = again.request("DESCRIBE", "Accept: application/sdp\r\n", ctx.probeTimeout());
                }
            }
            d.filter(r -> r.version().startsWith("RTSP/")).ifPresent(r -> describe(r, facts));
        }
        String banner = options.version() + " " + options.status() + " " + options.reason()
                + (facts.containsKey("rtsp.server") ? " / " + facts.get("rtsp.server") : "");
        return Optional.of(new Service(host, port, Service.Transport.TCP, "rtsp", false, banner, facts));
    }

    private static void describe(HttpResponse r, Map<String, String> facts) {
        facts.put("rtsp.describe-status", Integer.toString(r.status()));
        if (!facts.containsKey("rtsp.server")) r.header("Server").ifPresent(v -> facts.put("rtsp.server", clip(v)));
        if (r.status() == 401) {
            // Digest wins when both are offered: it is what a login would use, and Basic then is only a fallback.
            Optional<String> challenge = r.challenge("Digest");
            String scheme = challenge.isPresent() ? "digest" : r.challenge("Basic").isPresent() ? "basic" : "unknown";
            if (challenge.isEmpty()) challenge = r.challenge("Basic");
            facts.put("rtsp.auth", scheme);
            challenge.flatMap(c -> HttpResponse.param(c, "realm")).ifPresent(v -> facts.put("rtsp.realm", clip(v)));
        } else if (r.status() >= 200 && r.status() < 300) {
            facts.put("rtsp.auth", "none");
        }
    }

    static String clip(String v) {
        String t = v.replaceAll("\\p{Cntrl}", "").strip();
        return t.length() > 200 ? t.substring(0, 200) : t;
    }
}
