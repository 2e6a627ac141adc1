package dev.warden.decode;

import dev.warden.capture.LinkType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.lang.foreign.MemorySegment;

import static dev.warden.decode.DecodedPacket.*;
import static dev.warden.decode.Frames.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DecoderTest {

    private final DecodedPacket p = new DecodedPacket();

    /** Decodes {@code frame} from a segment of exactly its size, so any read past its end would throw. */
    private boolean decode(byte[] frame, int linkType) {
        return Decoder.decode(MemorySegment.ofArray(frame), 0, frame.length, linkType, p);
    }

    @Test
    void miraiSynFloodPacketHasTwentyBytesOfOptions() {
        byte[] frame = ethernet(MAC_B, MAC_A, 0x0800, ipv4(IP_A, IP_B, 6, 64, 0xBEEF, 0, new byte[0],
            tcp(40000, 23, IP_B, 0, SYN, 14600, miraiSynOptions(1405, 777), new byte[0])));
        assertTrue(decode(frame, LinkType.ETHERNET), p::toString);

        assertEquals(LINK | IPV4 | TCP, p.layers());
        assertEquals(MAC_A, p.srcMac());
        assertEquals(MAC_B, p.dstMac());
        assertEquals(0x0800, p.etherType());
        assertEquals(4, p.ipVersion());
        assertEquals(IP_A, p.srcIp4());
        assertEquals(IP_B, p.dstIp4());
        assertEquals(64, p.ttl());
        assertEquals(0xBEEF, p.ipId());
        assertEquals(6, p.protocol());
        assertEquals(60, p.ipTotalLength());
        assertEquals(14, p.networkOffset());
        assertEquals(34, p.transportOffset());
        assertEquals(40000, p.srcPort());
        assertEquals(23, p.dstPort());
        assertEquals(IP_B, p.tcpSeq(), "Mirai's scanner sets the sequence number to the target address");
        assertTrue(p.tcpControl(SYN));
        assertEquals(14600, p.tcpWindow());
        assertEquals(20, p.tcpOptionsLength());
        assertEquals(OPT_MSS | OPT_SACK_PERMITTED | OPT_TIMESTAMP | OPT_NOP | OPT_WINDOW_SCALE, p.tcpOptions());
        assertEquals(1405, p.tcpMss());
        assertEquals(6, p.tcpWindowScale());
        assertEquals(777, p.tcpTsVal());
        assertEquals(0, p.payloadLength());
        assertEquals(NONE, p.problem());
    }

    @Test
    void aHolderWithoutTcpOptionsSkipsThemAndKeepsTheRest() {
        byte[] frame = ethernet(MAC_B, MAC_A, 0x0800, ipv4(IP_A, IP_B, 6, 64, 0xBEEF, 0, new byte[0],
            tcp(40000, 23, IP_B, 0, SYN, 14600, miraiSynOptions(1405, 777), "x".getBytes())));
        var lean = new DecodedPacket().withoutTcpOptions();
        assertTrue(Decoder.decode(MemorySegment.ofArray(frame), 0, frame.length, LinkType.ETHERNET, lean), lean::toString);
        assertEquals(LINK | IPV4 | TCP, lean.layers());
        assertEquals(0, lean.tcpOptions());
        assertEquals(-1, lean.tcpMss());
        assertEquals(20, lean.tcpOptionsLength());
        assertEquals(IP_B, lean.tcpSeq());
        assertEquals(1, lean.payloadLength(), "the payload still starts after the options");
    }

    @Test
    void ethernetPaddingIsNotPayload() {
        byte[] frame = cat(udpFrame(bytes(1, 2, 3)), new byte[20]);  // padded to the 60-byte minimum and beyond
        assertTrue(decode(frame, LinkType.ETHERNET));
        assertEquals(UDP, p.layers() & UDP);
        assertEquals(5353, p.srcPort());
        assertEquals(53, p.dstPort());
        assertEquals(11, p.udpLength());
        assertEquals(3, p.payloadLength());
        assertEquals(42, p.payloadOffset());
    }

    @Test
    void tcpPayloadIsBoundedByTheIpLength() {
        byte[] data = "GET / HTTP/1.1\r\n".getBytes();
        byte[] frame = cat(ethernet(MAC_B, MAC_A, 0x0800, ipv4(IP_A, IP_B, 6,
            tcp(50000, 80, 1, 2, PSH | ACK, 512, new byte[0], data))), new byte[6]);
        assertTrue(decode(frame, LinkType.ETHERNET));
        assertEquals(54, p.payloadOffset());
        assertEquals(data.length, p.payloadLength());
        assertTrue(p.tcpControl(ACK));
        assertEquals(0, p.tcpOptions());
        assertEquals(-1, p.tcpMss());
    }

    @Test
    void vlanAndQinQTags() {
        byte[] ip = ipv4(IP_A, IP_B, 17, udp(1, 2, new byte[0]));
        assertTrue(decode(ethernet(MAC_B, MAC_A, 0x8100, vlanTag(42, 0x0800, ip)), LinkType.ETHERNET));
        assertEquals(1, p.vlanCount());
        assertEquals(42, p.outerVlan());
        assertEquals(-1, p.innerVlan());
        assertEquals(LINK | VLAN | IPV4 | UDP, p.layers());

        byte[] qinq = ethernet(MAC_B, MAC_A, 0x88A8, vlanTag(100, 0x8100, vlanTag(200, 0x0800, ip)));
        assertTrue(decode(qinq, LinkType.ETHERNET));
        assertEquals(2, p.vlanCount());
        assertEquals(100, p.outerVlan());
        assertEquals(200, p.innerVlan());
        assertEquals(0x0800, p.etherType());
        assertEquals(22, p.networkOffset());
        assertEquals(IP_B, p.dstIp4());
    }

    @Test
    void tooManyVlanTagsIsUnsupportedNotALoop() {
        byte[] inner = ipv4(IP_A, IP_B, 17, udp(1, 2, new byte[0]));
        for (int i = 0; i < 20; i++) inner = vlanTag(i, i == 0 ? 0x0800 : 0x8100, inner);
        assertFalse(decode(ethernet(MAC_B, MAC_A, 0x8100, inner), LinkType.ETHERNET));
        assertEquals(UNSUPPORTED, p.problem());
        assertEquals(VLAN, p.problemLayer());
        assertEquals(Decoder.MAX_VLAN_TAGS, p.vlanCount());
    }

    @Test
    void llcSnapCarriesAnEtherType() {
        byte[] snap = cat(bytes(0xAA, 0xAA, 0x03, 0, 0, 0), be16(0x0800), ipv4(IP_A, IP_B, 1, icmp(8, 0, new byte[4])));
        assertTrue(decode(ethernet(MAC_B, MAC_A, snap.length, snap), LinkType.ETHERNET));
        assertEquals(0x0800, p.etherType());
        assertEquals(8, p.icmpType());

        byte[] stp = bytes(0x42, 0x42, 0x03, 0, 0, 0, 0, 0);  // spanning tree: plain LLC, no EtherType
        assertTrue(decode(ethernet(0x0180_C200_0000L, MAC_A, stp.length, stp), LinkType.ETHERNET));
        assertEquals(0, p.etherType());
        assertEquals(LINK, p.layers());
        assertEquals(-1, p.protocol());
    }

    @Test
    void arpRequest() {
        assertTrue(decode(ethernet(0xFFFF_FFFF_FFFFL, MAC_A, 0x0806, arp(1, MAC_A, IP_A, 0, IP_B)), LinkType.ETHERNET));
        assertEquals(LINK | ARP, p.layers());
        assertEquals(1, p.arpOperation());
        assertEquals(IP_A, p.arpSenderIp());
        assertEquals(IP_B, p.arpTargetIp());
        assertEquals(0, p.ipVersion());
    }

    @ParameterizedTest
    @ValueSource(ints = {LinkType.RAW, LinkType.RAW_12, LinkType.RAW_14, LinkType.IPV4})
    void rawIpv4(int linkType) {
        assertTrue(decode(ipv4(IP_A, IP_B, 6, tcp(1, 2, 3, 4, SYN, 5, new byte[0], new byte[0])), linkType));
        assertEquals(LINK | IPV4 | TCP, p.layers());
        assertEquals(0x0800, p.etherType());
        assertEquals(0, p.networkOffset());
        assertEquals(0, p.srcMac());
    }

    @ParameterizedTest
    @ValueSource(ints = {LinkType.RAW, LinkType.IPV6})
    void rawIpv6(int linkType) {
        assertTrue(decode(ipv6(0x2001_0db8_0000_0000L, 1, 0x2001_0db8_0000_0000L, 2, 17, udp(546, 547, new byte[0])), linkType));
        assertEquals(LINK | IPV6 | UDP, p.layers());
        assertEquals(0x86DD, p.etherType());
        assertEquals(0x2001_0db8_0000_0000L, p.srcIp6Hi());
        assertEquals(1, p.srcIp6Lo());
        assertEquals(2, p.dstIp6Lo());
        assertEquals(0x2A, p.tos());
        assertEquals(48, p.ipTotalLength());
        assertEquals(546, p.srcPort());
    }

    @Test
    void rawWithAnotherVersionIsMalformed() {
        assertFalse(decode(bytes(0x50, 0, 0, 0), LinkType.RAW));
        assertEquals(MALFORMED, p.problem());
        assertEquals(LINK, p.problemLayer());
    }

    @Test
    void linuxCookedV1() {
        byte[] frame = sll(4, MAC_A, 0x0800, ipv4(IP_A, IP_B, 6, tcp(1024, 2323, 9, 0, SYN, 1, new byte[0], new byte[0])));
        assertTrue(decode(frame, LinkType.LINUX_SLL));
        assertEquals(LINK | IPV4 | TCP, p.layers());
        assertEquals(4, p.linkPacketType());
        assertEquals(MAC_A, p.srcMac());
        assertEquals(16, p.networkOffset());
        assertEquals(2323, p.dstPort());
    }

    @Test
    void linuxCookedV2() {
        byte[] frame = sll2(0, MAC_B, 0x86DD, 3, ipv6(1, 2, 3, 4, 58, icmp(128, 0, new byte[0])));
        assertTrue(decode(frame, LinkType.LINUX_SLL2));
        assertEquals(LINK | IPV6 | ICMPV6, p.layers());
        assertEquals(0, p.linkPacketType());
        assertEquals(MAC_B, p.srcMac());
        assertEquals(20, p.networkOffset());
        assertEquals(128, p.icmpType());
        assertEquals(58, p.protocol());
    }

    @Test
    void cookedPseudoProtocolIsNotIp() {
        assertTrue(decode(sll(0, MAC_A, 0x0004, bytes(0x42, 0x42, 3)), LinkType.LINUX_SLL));
        assertEquals(0, p.etherType());
        assertEquals(LINK, p.layers());
    }

    @Test
    void loopbackInBothByteOrders() {
        byte[] ip = ipv4(IP_A, IP_B, 17, udp(1, 2, new byte[0]));
        assertTrue(decode(cat(bytes(2, 0, 0, 0), ip), LinkType.NULL));
        assertEquals(LINK | IPV4 | UDP, p.layers());
        assertTrue(decode(cat(bytes(0, 0, 0, 2), ip), LinkType.NULL));
        assertEquals(LINK | IPV4 | UDP, p.layers());
        assertTrue(decode(cat(bytes(0, 0, 0, 30), ipv6(1, 2, 3, 4, 59, new byte[0])), LinkType.LOOP));
        assertEquals(LINK | IPV6, p.layers());
        assertEquals(59, p.protocol());
    }

    @Test
    void ipv6ExtensionHeadersAreWalked() {
        byte[] l4 = tcp(443, 50000, 1, 2, ACK, 3, new byte[0], bytes(9, 9));
        byte[] chain = extension(43, 1, extension(60, 2, extension(6, 1, l4)));  // hop-by-hop, routing, dest opts
        assertTrue(decode(ethernet(MAC_B, MAC_A, 0x86DD, ipv6(1, 2, 3, 4, 0, chain)), LinkType.ETHERNET), p::toString);
        assertEquals(LINK | IPV6 | IPV6_EXTENSIONS | TCP, p.layers());
        assertEquals(6, p.protocol());
        assertEquals(14 + 40 + 8 + 16 + 8, p.transportOffset());
        assertEquals(443, p.srcPort());
        assertEquals(2, p.payloadLength());
    }

    @Test
    void ipv6Fragments() {
        byte[] first = fragment(17, 0, true, 0xCAFE_F00D, udp(53, 1234, new byte[16]));
        assertTrue(decode(ipv6(1, 2, 3, 4, 44, first), LinkType.RAW));
        assertEquals(LINK | IPV6 | IPV6_EXTENSIONS | FRAGMENT | UDP, p.layers());
        assertEquals(0xCAFE_F00D, p.ipId());
        assertEquals(MORE_FRAGMENTS, p.ipFlags());
        assertEquals(53, p.srcPort());

        byte[] later = fragment(17, 1448, false, 0xCAFE_F00D, new byte[100]);
        assertTrue(decode(ipv6(1, 2, 3, 4, 44, later), LinkType.RAW));
        assertEquals(LINK | IPV6 | IPV6_EXTENSIONS | FRAGMENT, p.layers());
        assertEquals(1448, p.fragmentOffset());
        assertEquals(17, p.protocol());
        assertEquals(-1, p.srcPort(), "a later fragment has no UDP header");
        assertEquals(100, p.payloadLength());
    }

    @Test
    void ipv6ExtensionChainIsBounded() {
        byte[] chain = udp(1, 2, new byte[0]);
        for (int i = 0; i < 30; i++) chain = extension(i == 0 ? 17 : 60, 1, chain);
        assertFalse(decode(ipv6(1, 2, 3, 4, 60, chain), LinkType.RAW));
        assertEquals(UNSUPPORTED, p.problem());
        assertEquals(IPV6_EXTENSIONS, p.problemLayer());
    }

    @Test
    void ipv4Fragments() {
        assertTrue(decode(ipv4(IP_A, IP_B, 17, 64, 7, 0x2000, new byte[0], udp(53, 9, new byte[40])), LinkType.RAW));
        assertEquals(LINK | IPV4 | FRAGMENT | UDP, p.layers());
        assertEquals(MORE_FRAGMENTS, p.ipFlags());
        assertEquals(53, p.srcPort());

        assertTrue(decode(ipv4(IP_A, IP_B, 17, 64, 7, 185, new byte[0], new byte[300]), LinkType.RAW));
        assertEquals(LINK | IPV4 | FRAGMENT, p.layers());
        assertEquals(1480, p.fragmentOffset());
        assertEquals(0, p.ipFlags());
        assertEquals(-1, p.srcPort());
        assertEquals(300, p.payloadLength());
    }

    @Test
    void ipv4OptionsAreSkipped() {
        byte[] options = bytes(0x94, 4, 0, 0);  // router alert
        assertTrue(decode(ipv4(IP_A, IP_B, 2, 1, 0, 0x4000, options, new byte[8]), LinkType.RAW));
        assertEquals(24, p.transportOffset());
        assertEquals(DONT_FRAGMENT, p.ipFlags());
        assertEquals(2, p.protocol());
        assertEquals(8, p.payloadLength());
    }

    @Test
    void segmentationOffloadLengthZeroTakesTheCapture() {
        byte[] ip = ipv4(IP_A, IP_B, 6, tcp(1, 2, 3, 4, ACK, 5, new byte[0], new byte[1000]));
        ip[2] = 0;
        ip[3] = 0;
        assertTrue(decode(ip, LinkType.RAW));
        assertEquals(1000, p.payloadLength());
    }

    @Test
    void greCarryingIpv4() {
        byte[] inner = ipv4(0x0101_0101, 0x0202_0202, 17, udp(1000, 2000, new byte[512]));
        byte[] frame = ethernet(MAC_B, MAC_A, 0x0800, ipv4(IP_A, IP_B, 47, gre(0, 0x0800, inner)));
        assertTrue(decode(frame, LinkType.ETHERNET));
        assertEquals(LINK | IPV4 | GRE | INNER, p.layers());
        assertEquals(0x0800, p.greProtocol());
        assertEquals(-1, p.srcPort());
        assertEquals(38, p.payloadOffset());

        DecodedPacket in = p.inner();
        assertEquals(LinkType.RAW, in.linkType());
        assertEquals(LINK | IPV4 | UDP, in.layers());
        assertEquals(0x0101_0101, in.srcIp4());
        assertEquals(2000, in.dstPort());
        assertEquals(512, in.payloadLength());
        assertEquals(38, in.networkOffset());
    }

    @Test
    void greTransparentEthernetBridgingWithKeyAndSequence() {
        byte[] innerFrame = ethernet(0x0A00_0000_0001L, 0x0A00_0000_0002L, 0x0800,
            ipv4(0x0303_0303, 0x0404_0404, 6, tcp(5, 6, 7, 8, ACK, 9, new byte[0], new byte[0])));
        byte[] frame = ethernet(MAC_B, MAC_A, 0x0800, ipv4(IP_A, IP_B, 47, gre(0xB000, 0x6558, innerFrame)));
        assertTrue(decode(frame, LinkType.ETHERNET));
        assertEquals(0x6558, p.greProtocol());
        assertEquals(0xB000, p.greFlags());
        assertTrue(p.has(GRE | INNER));
        DecodedPacket in = p.inner();
        assertEquals(LinkType.ETHERNET, in.linkType());
        assertEquals(0x0A00_0000_0002L, in.srcMac());
        assertEquals(0x0404_0404, in.dstIp4());
        assertEquals(6, in.dstPort());
        assertEquals(14 + 20 + 16 + 14, in.networkOffset());
    }

    @Test
    void greIsDecodedOneLevelOnly() {
        byte[] innermost = ipv4(5, 6, 17, udp(1, 2, new byte[0]));
        byte[] middle = ipv4(3, 4, 47, gre(0, 0x0800, innermost));
        assertTrue(decode(ipv4(1, 2, 47, gre(0, 0x0800, middle)), LinkType.RAW));
        DecodedPacket in = p.inner();
        assertEquals(LINK | IPV4 | GRE, in.layers(), "the inner GRE header is decoded, not what it carries");
        assertEquals(3, in.srcIp4());
    }

    @Test
    void innerProblemDoesNotMarkTheOuterPacket() {
        byte[] frame = ipv4(1, 2, 47, gre(0, 0x0800, bytes(0x45, 0, 0)));
        assertTrue(decode(frame, LinkType.RAW));
        assertEquals(TRUNCATED, p.inner().problem());
        assertEquals(IPV4, p.inner().problemLayer());
    }

    @Test
    void pptpEnhancedGreIsNotUnwrapped() {
        byte[] gre = cat(be16(0x3001), be16(0x880B), be16(4), be16(77), be32(1), bytes(0xFF, 0x03, 0, 0x21));
        assertTrue(decode(ipv4(1, 2, 47, gre), LinkType.RAW));
        assertEquals(LINK | IPV4 | GRE, p.layers());
        assertEquals(4, p.payloadLength());
    }

    @Test
    void unknownLinkTypeIsUnsupported() {
        assertFalse(decode(new byte[40], 147));
        assertEquals(UNSUPPORTED, p.problem());
        assertEquals(LINK, p.problemLayer());
        assertEquals(40, p.payloadLength());
    }

    @Test
    void badOptionLengthStopsTheWalk() {
        byte[] options = bytes(2, 4, 5, 0xB4, 8, 40, 0, 0);  // MSS, then a timestamp claiming 40 bytes
        assertTrue(decode(ipv4(1, 2, 6, tcp(1, 2, 3, 4, SYN, 5, options, new byte[0])), LinkType.RAW));
        assertEquals(OPT_MSS | OPT_MALFORMED, p.tcpOptions());
        assertEquals(1460, p.tcpMss());
        assertTrue(p.has(TCP), "the header itself is fine");
    }

    /**
     * A snapshot length that ends inside a SYN's options (tcpdump's old default of 68 bytes: Ethernet 14, IPv4 20, TCP
     * 20 of its 40) keeps the fixed header: the packet is TCP with its ports, sequence number and SYN flag, and no
     * payload. Read as "not TCP", its flags were lost and a SYN flood became a flood without SYN (ACK).
     */
    @Test
    void optionsCutByTheSnapshotLengthKeepTheFlags() {
        byte[] full = ethernet(MAC_B, MAC_A, 0x0800, ipv4(0x0a0a0acb, 0xcb00710a, 6, tcp(40000, 80, 0xcb00710a, 0, SYN, 5840,
                miraiSynOptions(1460, 7), new byte[0])));
        for (int snap : new int[]{54, 60, 64, 68, 72}) {
            assertFalse(decode(java.util.Arrays.copyOf(full, snap), LinkType.ETHERNET), "snap " + snap);
            assertEquals(TRUNCATED, p.problem());
            assertEquals(TCP, p.problemLayer());
            assertTrue(p.has(TCP), "the fixed header is whole at " + snap);
            assertEquals(SYN, p.tcpFlags());
            assertEquals(0xcb00710a, p.tcpSeq());
            assertEquals(80, p.dstPort());
            assertEquals(0, p.payloadLength(), "the cut options are not payload");
        }
        assertFalse(decode(java.util.Arrays.copyOf(full, 53), LinkType.ETHERNET));
        assertFalse(p.has(TCP), "19 bytes of TCP header are not a header");
    }

    @Test
    void everyTruncationPointIsReportedNeverThrown() {
        byte[] full = ethernet(MAC_B, MAC_A, 0x8100, vlanTag(7, 0x86DD, ipv6(1, 2, 3, 4, 0,
            extension(44, 1, fragment(6, 0, true, 1, tcp(1, 2, 3, 4, SYN, 5, miraiSynOptions(1400, 1), new byte[10]))))));
        assertTrue(decode(full, LinkType.ETHERNET));
        for (int cut = 0; cut < full.length - 10; cut++) {
            byte[] part = java.util.Arrays.copyOf(full, cut);
            assertFalse(decode(part, LinkType.ETHERNET), "cut at " + cut);
            assertEquals(TRUNCATED, p.problem(), "cut at " + cut);
            int expected = cut < 14 ? LINK : cut < 18 ? VLAN : cut < 58 ? IPV6 : cut < 74 ? IPV6_EXTENSIONS : TCP;
            assertEquals(expected, p.problemLayer(), "cut at " + cut);
            assertTrue(p.payloadOffset() + p.payloadLength() <= cut);
        }
    }

    @Test
    void malformedHeaders() {
        byte[] badIhl = ipv4(1, 2, 6, tcp(1, 2, 3, 4, SYN, 5, new byte[0], new byte[0]));
        badIhl[0] = 0x43;
        assertFalse(decode(badIhl, LinkType.RAW));
        assertEquals(MALFORMED, p.problem());
        assertEquals(IPV4, p.problemLayer());

        byte[] shortTotal = ipv4(1, 2, 6, new byte[20]);
        shortTotal[3] = 10;
        assertFalse(decode(shortTotal, LinkType.RAW));
        assertEquals(MALFORMED, p.problem());

        byte[] badTcpOffset = ipv4(1, 2, 6, tcp(1, 2, 3, 4, SYN, 5, new byte[0], new byte[0]));
        badTcpOffset[32] = 0x30;
        assertFalse(decode(badTcpOffset, LinkType.RAW));
        assertEquals(MALFORMED, p.problem());
        assertEquals(TCP, p.problemLayer());
        assertEquals(1, p.srcPort(), "the ports before the bad field are still there");

        byte[] badUdpLength = ipv4(1, 2, 17, udp(1, 2, new byte[4]));
        badUdpLength[25] = 3;
        assertFalse(decode(badUdpLength, LinkType.RAW));
        assertEquals(UDP, p.problemLayer());

        byte[] notV6 = ipv6(1, 2, 3, 4, 59, new byte[0]);
        notV6[0] = 0x40;
        assertFalse(decode(notV6, LinkType.IPV6));
        assertEquals(IPV6, p.problemLayer());
    }

    @Test
    void lengthsOutsideTheSegmentAreMalformed() {
        MemorySegment seg = MemorySegment.ofArray(new byte[10]);
        assertFalse(Decoder.decode(seg, 5, 10, LinkType.ETHERNET, p));
        assertEquals(MALFORMED, p.problem());
        assertFalse(Decoder.decode(seg, -1, 2, LinkType.ETHERNET, p));
        assertFalse(Decoder.decode(seg, 0, -1, LinkType.ETHERNET, p));
        assertFalse(Decoder.decode(seg, Long.MAX_VALUE, 1, LinkType.ETHERNET, p));
    }

    @Test
    void fieldsAreResetBetweenPackets() {
        assertTrue(decode(synFrame(5), LinkType.ETHERNET));
        assertTrue(decode(ethernet(MAC_B, MAC_A, 0x0806, arp(2, MAC_A, IP_A, MAC_B, IP_B)), LinkType.ETHERNET));
        assertEquals(-1, p.srcPort());
        assertEquals(0, p.tcpSeq());
        assertEquals(-1, p.tcpMss());
        assertEquals(0, p.tcpOptions());
        assertEquals(-1, p.protocol());
        assertEquals(0, p.ipVersion());
    }

    @Test
    void decodesAtAnOffsetInALargerSegment() {
        byte[] frame = synFrame(99);
        byte[] big = cat(new byte[1000], frame, new byte[1000]);
        assertTrue(Decoder.decode(MemorySegment.ofArray(big), 1000, frame.length, LinkType.ETHERNET, p));
        assertEquals(1000 + 14, p.networkOffset());
        assertEquals(99, p.tcpSeq());
        assertEquals(1000 + 14 + 20 + 40, p.payloadOffset());
    }
}
