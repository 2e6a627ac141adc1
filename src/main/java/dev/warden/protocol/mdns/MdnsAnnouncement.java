package dev.warden.protocol.mdns;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The names a device announces for itself over multicast DNS (RFC 6762, with DNS-SD, RFC 6763): the host name of an
 * address record that gives the sender's own address ("Philips-hue.local" -> "Philips-hue") and the instance names of
 * the services it offers ("Philips hue - 2476FF._hap._tcp.local" -> "Philips hue - 2476FF"). Read from a response the
 * device sent, through the same checked parser as the audit's mDNS probe: a damaged or hostile packet gives no names.
 */
public final class MdnsAnnouncement {
    /** Names kept from one packet at most, and their longest length. */
    public static final int MAX_NAMES = 8, MAX_NAME = 64;

    private MdnsAnnouncement() {}

    /**
     * The names in the mDNS response {@code b} that describe its sender.
     *
     * @param sender the sender's address, a literal in any of its written forms (compared as an address, not as text)
     */
    public static List<String> names(byte[] b, String sender) {
        InetAddress from;
        try {
            from = literal(sender); // a literal only: never a name look-up
        } catch (IllegalArgumentException e) {
            return List.of();
        }
        DnsMessage.Message m;
        try {
            m = DnsMessage.parse(b);
        } catch (DnsMessage.MalformedException e) {
            return List.of();
        }
        if (!m.response()) return List.of();
        var out = new ArrayList<String>();
        for (DnsMessage.Record r : m.records()) {
            String name = null;
            if ((r.type() == DnsMessage.A || r.type() == DnsMessage.AAAA) && from.equals(literal(r.data()))) {
                name = host(r.name());
            } else if (r.type() == DnsMessage.PTR && r.data() != null) {
                name = instance(r.name(), r.data());
            }
            if (name != null && !out.contains(name)) out.add(name);
            if (out.size() == MAX_NAMES) break;
        }
        return out;
    }

    /**
     * An address literal of either family. InetAddress.ofLiteral tries IPv4 first and throws inside for every IPv6
     * literal (a link-local sender announces many times a minute); the colon says which family it must be.
     */
    private static InetAddress literal(String s) {
        return s.indexOf(':') >= 0 ? Inet6Address.ofLiteral(s) : Inet4Address.ofLiteral(s);
    }

    /** "Philips-hue.local" -> "Philips-hue"; reverse-mapping names are not host names. */
    static String host(String owner) {
        String lower = owner.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".arpa")) return null;
        return clip(lower.endsWith(".local") ? owner.substring(0, owner.length() - ".local".length()) : owner);
    }

    /**
     * The instance part of a service instance name: the PTR's target less its service type (the owner), so that dots
     * inside the instance label survive ("Living Room TV 2.0._airplay._tcp.local"). The DNS-SD meta-query's answers
     * ("_services._dns-sd._udp.local" -> "_http._tcp.local") name service types, not instances. A trailing " (2)"
     * that mDNS conflict resolution appends is dropped.
     */
    static String instance(String serviceType, String target) {
        String type = serviceType.toLowerCase(Locale.ROOT);
        if (!type.startsWith("_") || type.startsWith("_services._dns-sd.")) return null;
        if (!target.toLowerCase(Locale.ROOT).endsWith("." + type)) return null;
        String instance = target.substring(0, target.length() - type.length() - 1);
        return clip(instance.replace('?', ' ').replaceFirst(" \\(\\d+\\)$", ""));
    }

    private static String clip(String s) {
        String t = s.replace('?', ' ').strip(); // the parser writes '?' for bytes that are not printable ASCII
        if (t.isEmpty()) return null;
        return t.length() > MAX_NAME ? t.substring(0, MAX_NAME) : t;
    }
}
