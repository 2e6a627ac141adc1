package dev.warden.protocol.mdns;

import dev.warden.discover.UdpProbe;
import dev.warden.probe.ProbeContext;
import dev.warden.probe.Service;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Asks one device's mDNS responder, by unicast to port 5353, which DNS-SD service types it offers (RFC 6763 9:
 * {@code _services._dns-sd._udp.local} PTR). Sent from an ephemeral port, this is a "legacy unicast" query (RFC 6762
 * 6.7), so the device answers Warden directly and nothing is multicast to the network. When the answer names no host,
 * a second query asks the reverse name of the device's address.
 */
public final class MdnsProbe implements UdpProbe {
    public static final int PORT = 5353;
    static final String SERVICES = "_services._dns-sd._udp.local";
    private static final int MAX_SERVICES = 64;

    private final Duration wait;
    private final int port;

    public MdnsProbe(Duration wait) {
        this(wait, PORT);
    }

    /** A probe for another port than 5353, for emulated devices and tests. */
    public MdnsProbe(Duration wait, int port) {
        this.wait = wait;
        this.port = port;
    }

    @Override
    public String protocol() {
        return "mdns";
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public Optional<Service> probe(String host, ProbeContext ctx) throws IOException {
        InetAddress address = InetAddress.ofLiteral(host);
        Duration w = wait.compareTo(ctx.probeTimeout()) > 0 ? ctx.probeTimeout() : wait;
        Optional<DnsMessage.Message> first = ask(address, SERVICES, ctx, w);
        if (first.isEmpty()) return Optional.empty();
        var services = new TreeSet<String>();
        String hostname = null;
        for (DnsMessage.Record r : first.get().records()) {
            if (r.type() == DnsMessage.PTR && r.name().equalsIgnoreCase(SERVICES) && r.data() != null && services.size() < MAX_SERVICES) {
                services.add(r.data());
            }
            if (hostname == null && (r.type() == DnsMessage.A || r.type() == DnsMessage.AAAA)) hostname = r.name();
            if (hostname == null && r.type() == DnsMessage.SRV && r.data() != null) hostname = r.data();
        }
        if (hostname == null) {
            String reverse = reverseName(address);
            Optional<DnsMessage.Message> second = ask(address, reverse, ctx, w);
            if (second.isPresent()) {
                for (DnsMessage.Record r : second.get().records()) {
                    if (r.type() == DnsMessage.PTR && r.name().equalsIgnoreCase(reverse) && r.data() != null) {
                        hostname = r.data();
                        break;
                    }
                }
            }
        }
        var facts = new HashMap<String, String>();
        if (!services.isEmpty()) facts.put("mdns.services", String.join(",", services));
        if (hostname != null && !hostname.isEmpty()) facts.put("mdns.hostname", hostname);
        String banner = "mDNS" + (hostname == null ? "" : " " + hostname) + (services.isEmpty() ? "" : ": " + String.join(",", services));
        return Optional.of(new Service(host, port, Service.Transport.UDP, "mdns", false, banner, facts));
    }

    /** One query; empty when nothing answers, the answer is malformed, or it answers some other query. */
    private Optional<DnsMessage.Message> ask(InetAddress address, String name, ProbeContext ctx, Duration w) throws IOException {
        int id = ctx.random().nextInt(1, 1 << 16);
        Optional<byte[]> reply = ctx.dialer().request(address, port, DnsMessage.query(id, name, DnsMessage.PTR), w);
        if (reply.isEmpty()) return Optional.empty();
        DnsMessage.Message m;
        try {
            m = DnsMessage.parse(reply.get());
        } catch (DnsMessage.MalformedException e) {
            return Optional.empty();
        }
        // RFC 6762 6.7: a legacy unicast answer echoes the query id; some responders send 0 as in multicast answers.
        if (!m.response() || (m.id() != id && m.id() != 0)) return Optional.empty();
        return Optional.of(m);
    }

    static String reverseName(InetAddress a) {
        byte[] b = a.getAddress();
        var sb = new StringBuilder();
        if (a instanceof Inet4Address) {
            for (int i = 3; i >= 0; i--) sb.append(b[i] & 0xff).append('.');
            return sb.append("in-addr.arpa").toString();
        }
        for (int i = 15; i >= 0; i--) sb.append(Character.forDigit(b[i] & 0xf, 16)).append('.').append(Character.forDigit(b[i] >> 4 & 0xf, 16)).append('.');
        return sb.append("ip6.arpa").toString();
    }
}
