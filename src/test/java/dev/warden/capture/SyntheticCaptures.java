package dev.warden.capture;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.warden.decode.Frames.*;

/**
 * Small hand-built captures covering every format and link type Warden reads, written deterministically by
 * {@link PcapWriter} and {@link PcapngBuilder}. The golden summaries of what tshark makes of them live in
 * {@code src/test/resources/capture/golden/synthetic.tsv}; {@code regenerate.sh} there runs {@link #main} to write
 * them out for tshark.
 */
public final class SyntheticCaptures {

    static final long T0 = 1_700_000_000_123_456_789L;

    private SyntheticCaptures() {
    }

    /** Writes every synthetic capture into the directory given as the only argument. */
    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        Files.createDirectories(dir);
        for (var e : all().entrySet()) Files.write(dir.resolve(e.getKey()), e.getValue());
    }

    /** File name to capture bytes, in a fixed order. */
    static Map<String, byte[]> all() throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        byte[][] eth = ethernetFrames().toArray(new byte[0][]);
        files.put("eth-micro-le.pcap", Captures.pcap(LinkType.ETHERNET, PcapWriter.Precision.MICROS, ByteOrder.LITTLE_ENDIAN, T0, eth));
        files.put("eth-nano-be.pcap", Captures.pcap(LinkType.ETHERNET, PcapWriter.Precision.NANOS, ByteOrder.BIG_ENDIAN, T0, eth));
        files.put("eth-micro-be.pcap", Captures.pcap(LinkType.ETHERNET, PcapWriter.Precision.MICROS, ByteOrder.BIG_ENDIAN, T0, eth));
        files.put("eth-nano-le.pcap", Captures.pcap(LinkType.ETHERNET, PcapWriter.Precision.NANOS, ByteOrder.LITTLE_ENDIAN, T0, eth));
        List<byte[]> ip = ipPackets();
        files.put("raw.pcap", pcap(LinkType.RAW, ip));
        files.put("ipv4.pcap", pcap(LinkType.IPV4, ip.stream().filter(p -> (p[0] >> 4) == 4).toList()));
        files.put("ipv6.pcap", pcap(LinkType.IPV6, ip.stream().filter(p -> (p[0] >> 4) == 6).toList()));
        files.put("sll.pcap", pcap(LinkType.LINUX_SLL, ip.stream().map(p -> sll(packetType(p), MAC_A, etherType(p), p)).toList()));
        files.put("sll2.pcap", pcap(LinkType.LINUX_SLL2, ip.stream().map(p -> sll2(packetType(p), MAC_B, etherType(p), 2, p)).toList()));
        files.put("null.pcap", pcap(LinkType.NULL, ip.stream().map(p -> cat(bytes((p[0] >> 4) == 4 ? 2 : 30, 0, 0, 0), p)).toList()));
        files.put("two-interfaces.pcapng", twoInterfaces());
        return files;
    }

    /** An Ethernet SYN and a Linux cooked v2 UDP packet on two interfaces, big-endian, nanosecond and 2^-20 s clocks. */
    static byte[] twoInterfaces() {
        PcapngBuilder b = new PcapngBuilder().section(ByteOrder.BIG_ENDIAN)
            .iface(LinkType.ETHERNET, 65535, 9, null)
            .iface(LinkType.LINUX_SLL2, 65535, 0x80 | 20, null);
        long seconds = T0 / 1_000_000_000;
        for (int i = 0; i < 4; i++) {
            b.epb(0, T0 + i * 1_000_000L, synFrame(0x0A00_0000 + i));
            b.epb(1, ((seconds + i) << 20) | (1 << 19), sll2(0, MAC_A, 0x0800, 7, ipv4(IP_B, IP_A, 17, udp(53, 40000 + i, new byte[12]))));
        }
        return b.bytes();
    }

    private static int packetType(byte[] ipPacket) {
        return ipPacket.length % 5;
    }

    private static int etherType(byte[] ipPacket) {
        return (ipPacket[0] >> 4) == 4 ? 0x0800 : 0x86DD;
    }

    private static byte[] pcap(int linkType, List<byte[]> frames) throws IOException {
        return Captures.pcap(linkType, PcapWriter.Precision.MICROS, ByteOrder.LITTLE_ENDIAN, T0, frames.toArray(new byte[0][]));
    }

    /** IP packets: TCP with and without options, UDP, ICMP, fragments, IPv6 with extension headers, GRE. */
    static List<byte[]> ipPackets() {
        List<byte[]> p = new ArrayList<>();
        p.add(ipv4(IP_A, 0x5DB8_D822, 6, 64, 0x1111, 0, new byte[0],
            tcp(41234, 23, 0x5DB8_D822, 0, 0x02, 14600, miraiSynOptions(1402, 100), new byte[0])));
        p.add(ipv4(IP_A, IP_B, 6, 64, 0x1112, 0x4000, new byte[0], tcp(41234, 2323, 77, 0, 0x02, 29200, new byte[0], new byte[0])));
        p.add(ipv4(IP_B, IP_A, 6, 128, 0x1113, 0x4000, new byte[0], tcp(80, 50000, 1000, 2000, 0x18, 512, new byte[0], "HTTP/1.1 200 OK\r\n".getBytes())));
        p.add(ipv4(IP_A, 0x0808_0808, 17, udp(33000, 53, bytes(0x12, 0x34, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0))));
        p.add(ipv4(IP_A, IP_B, 1, icmp(8, 0, new byte[32])));
        p.add(ipv4(IP_B, IP_A, 1, icmp(3, 3, ipv4(IP_A, IP_B, 17, udp(1, 2, new byte[0])))));
        p.add(ipv4(0x0101_0101, IP_A, 17, 60, 0x2222, 0x2000, new byte[0], udp(53, 40000, new byte[1472])));
        p.add(ipv4(0x0101_0101, IP_A, 17, 60, 0x2222, 185, new byte[0], new byte[300]));
        p.add(ipv4(IP_A, IP_B, 47, gre(0, 0x0800, ipv4(0x0A0A_0A0A, 0x0B0B_0B0B, 17, udp(7777, 8888, new byte[64])))));
        p.add(ipv4(IP_A, IP_B, 47, gre(0x2000, 0x6558, ethernet(MAC_B, MAC_A, 0x0800,
            ipv4(0x0C0C_0C0C, 0x0D0D_0D0D, 6, tcp(1111, 2222, 5, 0, 0x02, 1024, new byte[0], new byte[0]))))));
        long fe80 = 0xFE80_0000_0000_0000L;
        long doc = 0x2001_0DB8_0000_0001L;
        p.add(ipv6(doc, 1, doc, 2, 6, tcp(50001, 443, 123456789, 0, 0x02, 64800,
            cat(bytes(2, 4), be16(1440), bytes(1, 1, 4, 2)), new byte[0])));
        p.add(ipv6(fe80, 5, 0xFF02_0000_0000_0000L, 0x16, 0, extension(58, 1, icmp(143, 0, new byte[20]))));
        p.add(ipv6(doc, 3, doc, 4, 60, extension(43, 2, extension(17, 1, udp(5683, 5683, new byte[9])))));
        p.add(ipv6(doc, 3, doc, 4, 44, fragment(17, 0, true, 0x5555, udp(53, 41000, new byte[100]))));
        p.add(ipv6(doc, 3, doc, 4, 44, fragment(17, 1232, false, 0x5555, new byte[80])));
        p.add(ipv6(doc, 1, doc, 2, 58, icmp(128, 0, new byte[8])));
        return p;
    }

    /** Ethernet frames: every IP packet, plus VLAN, QinQ, ARP and an 802.3/LLC frame. */
    static List<byte[]> ethernetFrames() {
        List<byte[]> f = new ArrayList<>();
        for (byte[] ip : ipPackets()) f.add(pad(ethernet(MAC_B, MAC_A, etherType(ip), ip)));
        byte[] udp = ipv4(IP_A, IP_B, 17, udp(1900, 1900, "M-SEARCH * HTTP/1.1\r\n".getBytes()));
        f.add(ethernet(MAC_B, MAC_A, 0x8100, vlanTag(10, 0x0800, udp)));
        f.add(ethernet(MAC_B, MAC_A, 0x88A8, vlanTag(100, 0x8100, vlanTag(20, 0x0800, udp))));
        f.add(ethernet(MAC_B, MAC_A, 0x8100, vlanTag(30, 0x86DD, ipv6(1, 2, 3, 4, 17, udp(546, 547, new byte[4])))));
        f.add(pad(ethernet(0xFFFF_FFFF_FFFFL, MAC_A, 0x0806, arp(1, MAC_A, IP_A, 0, IP_B))));
        f.add(pad(ethernet(MAC_A, MAC_B, 0x0806, arp(2, MAC_B, IP_B, MAC_A, IP_A))));
        byte[] stp = cat(bytes(0x42, 0x42, 0x03), new byte[35]);
        f.add(ethernet(0x0180_C200_0000L, MAC_A, stp.length, stp));
        return f;
    }

    /** Pads a frame to Ethernet's 60-byte minimum, as a capturing NIC shows it. */
    private static byte[] pad(byte[] frame) {
        return frame.length >= 60 ? frame : java.util.Arrays.copyOf(frame, 60);
    }
}
