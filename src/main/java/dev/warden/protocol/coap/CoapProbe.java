package dev.warden.protocol.coap;

import dev.warden.discover.UdpProbe;
import dev.warden.probe.ProbeContext;
import dev.warden.probe.Service;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;

/**
 * Asks a CoAP endpoint for its resource directory: one confirmable {@code GET /.well-known/core} (RFC 6690), the
 * request every CoAP client may make. The answer's code and the link targets in its payload are recorded. Nothing is
 * observed, written or deleted, and no other resource is requested.
 */
public final class CoapProbe implements UdpProbe {
    public static final int PORT = 5683;
    static final int CONTENT = 0x45; // 2.05
    private static final int MAX_RESOURCES = 64;
    private static final int MAX_TARGET = 128;

    private final Duration wait;
    private final int port;

    public CoapProbe(Duration wait) {
        this(wait, PORT);
    }

    /** A probe for another port than 5683, for emulated devices and tests. */
    public CoapProbe(Duration wait, int port) {
        this.wait = wait;
        this.port = port;
    }

    @Override
    public String protocol() {
        return "coap";
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public Optional<Service> probe(String host, ProbeContext ctx) throws IOException {
        InetAddress address = InetAddress.ofLiteral(host);
        int mid = ctx.random().nextInt(1 << 16);
        byte[] token = new byte[4];
        ctx.random().nextBytes(token);
        Duration w = wait.compareTo(ctx.probeTimeout()) > 0 ? ctx.probeTimeout() : wait;
        Optional<byte[]> reply = ctx.dialer().request(address, port, CoapMessage.get(mid, token, ".well-known", "core"), w);
        if (reply.isEmpty()) return Optional.empty();
        CoapMessage.Message m;
        try {
            m = CoapMessage.parse(reply.get());
        } catch (CoapMessage.MalformedException e) {
            return Optional.empty();
        }
        // An ACK or RST names our message id; a response (piggybacked or separate) carries our token.
        boolean ours = switch (m.type()) {
            case CoapMessage.ACK -> m.messageId() == mid && (m.code() == 0 || java.util.Arrays.equals(m.token(), token));
            case CoapMessage.RST -> m.messageId() == mid;
            default -> m.code() != 0 && java.util.Arrays.equals(m.token(), token);
        };
        if (!ours) return Optional.empty();
        var facts = new HashMap<String, String>();
        facts.put("coap.code", CoapMessage.code(m.code()));
        if (m.type() == CoapMessage.RST) facts.put("coap.reset", "true");
        // An empty ACK promises a separate response later; one datagram is all the dialer waits for.
        if (m.type() == CoapMessage.ACK && m.code() == 0) facts.put("coap.separate-response", "true");
        if (m.code() == CONTENT && m.payload().length > 0) {
            List<String> resources = links(new String(m.payload(), StandardCharsets.UTF_8));
            if (!resources.isEmpty()) facts.put("coap.resources", String.join(",", resources));
            m.option(CoapMessage.CONTENT_FORMAT).ifPresent(o -> facts.put("coap.content-format", Integer.toString(o.uint())));
            // Block2 with its "more" bit set: the directory continues in blocks Warden does not fetch.
            m.option(CoapMessage.BLOCK2).filter(o -> (o.uint() & 0x08) != 0).ifPresent(o -> facts.put("coap.resources-truncated", "true"));
        }
        String banner = "CoAP " + CoapMessage.code(m.code()) + (facts.containsKey("coap.resources") ? " " + facts.get("coap.resources") : "");
        return Optional.of(new Service(host, port, Service.Transport.UDP, "coap", false, banner.length() > 256 ? banner.substring(0, 256) : banner, facts));
    }

    /** The link targets of a CoRE link-format document ({@code </a>;rt="x",</b>}); quoted attribute values are skipped. */
    static List<String> links(String doc) {
        var out = new ArrayList<String>();
        boolean quoted = false;
        for (int i = 0; i < doc.length() && out.size() < MAX_RESOURCES; i++) {
            char c = doc.charAt(i);
            if (c == '"') quoted = !quoted;
            if (quoted || c != '<') continue;
            int end = doc.indexOf('>', i + 1);
            if (end < 0) break;
            String target = doc.substring(i + 1, end).replaceAll("\\p{Cntrl}", "").replace(",", "%2C").strip();
            if (!target.isEmpty()) out.add(target.length() > MAX_TARGET ? target.substring(0, MAX_TARGET) : target);
            i = end;
        }
        return out;
    }
}
