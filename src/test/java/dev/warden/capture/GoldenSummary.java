package dev.warden.capture;

import dev.warden.decode.DecodedPacket;
import dev.warden.decode.Decoder;

import static dev.warden.decode.DecodedPacket.ARP;
import static dev.warden.decode.DecodedPacket.GRE;
import static dev.warden.decode.DecodedPacket.ICMP;
import static dev.warden.decode.DecodedPacket.ICMPV6;
import static dev.warden.decode.DecodedPacket.INNER;
import static dev.warden.decode.DecodedPacket.IPV4;
import static dev.warden.decode.DecodedPacket.IPV6;
import static dev.warden.decode.DecodedPacket.TCP;
import static dev.warden.decode.DecodedPacket.UDP;

/**
 * The per-capture summary line of the golden files, computed from Warden's reader and decoder. The tshark side is
 * {@code src/test/resources/capture/golden/summarize.py}; the columns and rules must stay the same in both.
 */
final class GoldenSummary {

    static final String HEADER = "file\tpackets\tbytes\twire\tfirst_ns\tlast_ns\tipv4\tipv6\tarp\tvlan\ttcp\tudp\ticmp"
        + "\ticmpv6\tgre\tgre_inner_ip\tfrag_later\tsyn\ttcp_ports\tudp_ports\tttl_sum\ttcp_seq_sum\ttcp_hdr_sum\tmss_sum"
        + "\tvlan_sum\tfirst_syn";

    private GoldenSummary() {
    }

    static String of(String name, PacketSource src) throws CaptureException {
        DecodedPacket p = new DecodedPacket();
        long packets = 0, bytes = 0, wire = 0, firstNs = 0, lastNs = 0, ipv4 = 0, ipv6 = 0, arp = 0, vlan = 0, tcp = 0,
            udp = 0, icmp = 0, icmpv6 = 0, gre = 0, greInnerIp = 0, fragLater = 0, syn = 0, tcpPorts = 0, udpPorts = 0,
            ttlSum = 0, tcpSeqSum = 0, tcpHdrSum = 0, mssSum = 0, vlanSum = 0;
        String firstSyn = "-";
        while (src.advance()) {
            Decoder.decode(src, p);
            if (packets == 0) firstNs = src.timestampNanos();
            lastNs = src.timestampNanos();
            packets++;
            bytes += src.capturedLength();
            wire += src.wireLength();
            int type = p.etherType();
            boolean network = type == 0x0800 || type == 0x86DD || type == 0x0806;
            if (network && p.vlanCount() > 0) {
                vlan++;
                vlanSum += p.outerVlan();
            }
            if (p.has(ARP)) arp++;
            if (!p.has(IPV4) && !p.has(IPV6)) continue;
            if (p.has(IPV4)) ipv4++;
            if (p.has(IPV6)) ipv6++;
            ttlSum += p.ttl();
            if (p.fragmentOffset() > 0) {
                fragLater++;
                continue;
            }
            if (p.has(TCP)) {
                tcp++;
                tcpPorts += p.srcPort() + p.dstPort();
                tcpSeqSum += Integer.toUnsignedLong(p.tcpSeq());
                tcpHdrSum += 20 + p.tcpOptionsLength();
                if (p.tcpMss() >= 0) mssSum += p.tcpMss();
                if ((p.tcpFlags() & (DecodedPacket.SYN | DecodedPacket.ACK)) == DecodedPacket.SYN) {
                    syn++;
                    if (firstSyn.equals("-")) firstSyn = p.srcPort() + ">" + p.dstPort() + ":" + Integer.toUnsignedString(p.tcpSeq());
                }
            }
            if (p.has(UDP)) {
                udp++;
                udpPorts += p.srcPort() + p.dstPort();
            }
            if (p.has(ICMP)) icmp++;
            if (p.has(ICMPV6)) icmpv6++;
            if (p.has(GRE)) {
                gre++;
                if (p.has(INNER) && p.inner().ipVersion() != 0) greInnerIp++;
            }
        }
        return String.join("\t", name, s(packets), s(bytes), s(wire), s(firstNs), s(lastNs), s(ipv4), s(ipv6), s(arp),
            s(vlan), s(tcp), s(udp), s(icmp), s(icmpv6), s(gre), s(greInnerIp), s(fragLater), s(syn), s(tcpPorts),
            s(udpPorts), s(ttlSum), s(tcpSeqSum), s(tcpHdrSum), s(mssSum), s(vlanSum), firstSyn);
    }

    private static String s(long v) {
        return Long.toString(v);
    }
}
