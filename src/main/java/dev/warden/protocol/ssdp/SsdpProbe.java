package dev.warden.protocol.ssdp;

import dev.warden.discover.UdpProbe;
import dev.warden.probe.ProbeContext;
import dev.warden.probe.Service;
import dev.warden.protocol.http.HttpClient;
import dev.warden.protocol.http.HttpResponse;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Asks one device for its UPnP services with a unicast SSDP M-SEARCH (UPnP Device Architecture 1.3.2) and, when the
 * answer's LOCATION is a plain HTTP URL on the same device's address, fetches that device description through the
 * dialer. A LOCATION naming another address or a host name is recorded but never followed: Warden contacts only the
 * device it audits, and resolves no names.
 */
public final class SsdpProbe implements UdpProbe {
    public static final int PORT = 1900;
    /** MX 1: the device may wait up to a second before answering, so the wait is that much longer. */
    private static final byte[] M_SEARCH = ("M-SEARCH * HTTP/1.1\r\nHOST: 239.255.255.250:1900\r\nMAN: \"ssdp:discover\"\r\n"
            + "MX: 1\r\nST: ssdp:all\r\nUSER-AGENT: Warden-audit/0.1 UPnP/1.1\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    private static final int MAX_VALUE = 256;

    private final Duration wait;
    private final int port;

    public SsdpProbe(Duration wait) {
        this(wait, PORT);
    }

    /** A probe for another port than 1900, for emulated devices and tests. */
    public SsdpProbe(Duration wait, int port) {
        this.wait = wait;
        this.port = port;
    }

    @Override
    public String protocol() {
        return "ssdp";
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public Optional<Service> probe(String host, ProbeContext ctx) throws IOException {
        InetAddress address = InetAddress.ofLiteral(host);
        Duration w = wait.plusSeconds(1);
        if (w.compareTo(ctx.probeTimeout()) > 0) w = ctx.probeTimeout();
        Optional<byte[]> reply = ctx.dialer().request(address, port, M_SEARCH, w);
        if (reply.isEmpty()) return Optional.empty();
        Optional<HttpResponse> parsed = HttpResponse.parse(reply.get());
        if (parsed.isEmpty() || !parsed.get().version().startsWith("HTTP/")) return Optional.empty();
        HttpResponse r = parsed.get();
        var facts = new HashMap<String, String>();
        if (r.status() != 200) facts.put("ssdp.status", Integer.toString(r.status()));
        r.header("SERVER").ifPresent(v -> facts.put("ssdp.server", clip(v)));
        r.header("ST").ifPresent(v -> facts.put("ssdp.st", clip(v)));
        r.header("USN").ifPresent(v -> facts.put("ssdp.usn", clip(v)));
        Optional<String> location = r.header("LOCATION");
        location.ifPresent(v -> facts.put("ssdp.location", clip(v)));
        if (location.isPresent()) describe(host, address, location.get(), ctx, facts);
        String banner = r.header("SERVER").map(SsdpProbe::clip).orElse(r.version() + " " + r.status() + " " + r.reason());
        return Optional.of(new Service(host, port, Service.Transport.UDP, "ssdp", false, banner, facts));
    }

    /** Fetches and reads the device description when LOCATION points at the audited device itself. */
    private static void describe(String host, InetAddress address, String location, ProbeContext ctx, Map<String, String> facts) {
        URI uri;
        try {
            uri = new URI(location.strip());
        } catch (URISyntaxException e) {
            facts.put("upnp.description-error", "not fetched: LOCATION is not a URL");
            return;
        }
        if (!"http".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
            facts.put("upnp.description-error", "not fetched: LOCATION is not an http URL");
            return;
        }
        String target = uri.getHost().startsWith("[") ? uri.getHost().substring(1, uri.getHost().length() - 1) : uri.getHost();
        InetAddress where;
        try {
            where = InetAddress.ofLiteral(target);
        } catch (IllegalArgumentException e) {
            facts.put("upnp.description-error", "not fetched: LOCATION names a host, not this device's address");
            return;
        }
        if (!where.equals(address)) {
            facts.put("upnp.description-error", "not fetched: LOCATION points to another address (" + clip(target) + ")");
            return;
        }
        String path = (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        int port = uri.getPort() < 0 ? 80 : uri.getPort();
        try {
            // HTTP/1.0, so the answer is never chunked and ends when the device closes.
            var ex = HttpClient.request(ctx, host, port, false, "GET", path, "HTTP/1.0", "");
            if (ex.isEmpty()) {
                facts.put("upnp.description-error", "no HTTP answer from " + clip(location));
                return;
            }
            if (ex.get().response().status() != 200) {
                facts.put("upnp.description-error", "GET " + clip(path) + " answered " + ex.get().response().status());
                return;
            }
            UpnpDescription.Result d = UpnpDescription.parse(ex.get().response().body().getBytes(StandardCharsets.ISO_8859_1));
            facts.putAll(d.facts());
            if (d.error() != null) facts.put("upnp.description-error", d.error());
        } catch (IOException e) {
            facts.put("upnp.description-error", "fetch failed: " + e.getClass().getSimpleName() + ": " + clip(String.valueOf(e.getMessage())));
        }
    }

    static String clip(String v) {
        String t = v.replaceAll("\\p{Cntrl}", "").strip();
        return t.length() > MAX_VALUE ? t.substring(0, MAX_VALUE) : t;
    }

    @Override
    public String toString() {
        return "ssdp/" + port + " (wait " + wait.toMillis() + " ms)";
    }
}
