package dev.warden.watch.packet;

import dev.warden.watch.flow.IpAddress;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The records an input reading ahead hands between threads ({@link PacketEvent#pack}, {@link PacketEvent#unpack}):
 * every value a listener reads comes back as it was, with the flow hash prepared on the reading thread and the
 * payload's place, whatever the event held before.
 */
class PacketEventPackTest {
    private static final long T = 1_700_000_000_123_456L;

    @Test
    void anIpv4PacketIsEightLongsAndComesBackWhole() {
        var e = event("192.168.1.20", "203.0.113.9", 6, 51234, 23, 0x12, -5, Integer.MIN_VALUE, 65535, 1460);
        FlowTable.hash(new PacketEvent[] {e}, 0, 1);
        long[] records = new long[PacketEvent.MAX_PACKED];
        assertEquals(8, e.pack(records, 0), "both addresses IPv4: the short record");
        var back = new PacketEvent();
        assertEquals(8, back.unpack(records, 0, null));
        assertSameValues(e, back);
        assertTrue(back.flowHashed, "the hash prepared on the reading thread comes along");
        assertEquals(e.flowHash, back.flowHash);
        assertNull(back.payloadSegment());
    }

    @Test
    void anIpv6PacketKeepsItsPayloadsPlace() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment payloads = arena.allocate(4096);
            var e = event("fe80::1:2ff:fe03:405", "ff02::fb", 17, 5353, 5353, 0, 0, 0, 120, 72).payloadBytes(payloads, 1234);
            long[] records = new long[PacketEvent.MAX_PACKED];
            assertEquals(11, e.pack(records, 0));
            var back = new PacketEvent();
            assertEquals(11, back.unpack(records, 0, payloads));
            assertSameValues(e, back);
            assertSame(payloads, back.payloadSegment());
            assertEquals(1234, back.payloadOffset());
            assertFalse(back.flowHashed, "not hashed before: not hashed after");
            assertFalse(back.payloadVetted(), "not vetted before: not vetted after");
        }
    }

    /** What the listener's prepare found of a payload on the reading thread comes along with it, and goes with it. */
    @Test
    void aVettedPayloadStaysVettedAcrossThePacking() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment payloads = arena.allocate(4096);
            var e = event("192.168.1.9", "224.0.0.251", 17, 5353, 5353, 0, 0, 0, 120, 92).payloadBytes(payloads, 64).payloadVetted(true);
            long[] records = new long[2 * PacketEvent.MAX_PACKED];
            int end = e.pack(records, 0);
            var back = new PacketEvent();
            back.unpack(records, 0, payloads);
            assertTrue(back.payloadVetted());
            e.payloadBytes(payloads, 128); // bytes of another packet: what was found of the old ones does not hold for them
            assertFalse(e.payloadVetted());
            e.payloadBytes(null, 0).payloadVetted(true);
            assertFalse(e.payloadVetted(), "no payload: nothing to vouch for");
            e.pack(records, end);
            back.unpack(records, end, payloads);
            assertFalse(back.payloadVetted());
            assertNull(back.payloadSegment());
        }
    }

    @Test
    void anIpv4SourceWithAnIpv6DestinationIsKeptInFull() {
        var e = event("10.0.0.1", "2001:db8::1", 6, 1, 2, 2, 7, 8, 40, 0);
        long[] records = new long[PacketEvent.MAX_PACKED];
        assertEquals(11, e.pack(records, 0));
        var back = new PacketEvent();
        back.unpack(records, 0, null);
        assertSameValues(e, back);
    }

    /** Records back to back, unpacked into one reused event: nothing of the packet before stays (hash, bytes, addresses). */
    @Test
    void recordsBackToBackIntoAReusedEvent() {
        var random = new SplittableRandom(7);
        List<String> addresses = List.of("192.168.0.7", "8.8.8.8", "255.255.255.255", "0.0.0.0", "2001:db8::ff", "::1", "fe80::1");
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment payloads = arena.allocate(1 << 16);
            var sent = new java.util.ArrayList<PacketEvent>();
            long[] records = new long[1000 * PacketEvent.MAX_PACKED];
            int at = 0;
            for (int i = 0; i < 1000; i++) {
                var e = new PacketEvent(T + random.nextLong(1L << 40), random.nextLong() & 0xFFFF_FFFF_FFFFL, random.nextLong() & 0xFFFF_FFFF_FFFFL,
                        IpAddress.parse(addresses.get(random.nextInt(addresses.size()))), IpAddress.parse(addresses.get(random.nextInt(addresses.size()))),
                        random.nextInt(256), random.nextInt(-1, 65536), random.nextInt(-1, 65536), random.nextInt(256), random.nextInt(), random.nextInt(),
                        random.nextInt(), random.nextInt());
                if (random.nextBoolean()) FlowTable.hash(new PacketEvent[] {e}, 0, 1);
                if (random.nextBoolean()) e.payloadBytes(payloads, random.nextInt(1 << 16));
                sent.add(e);
                at = e.pack(records, at);
            }
            var back = new PacketEvent();
            int from = 0;
            for (PacketEvent e : sent) {
                from = back.unpack(records, from, payloads);
                assertSameValues(e, back);
                assertEquals(e.flowHashed, back.flowHashed);
                if (e.flowHashed) assertEquals(e.flowHash, back.flowHash);
                assertSame(e.payloadSegment(), back.payloadSegment());
                if (e.payloadSegment() != null) assertEquals(e.payloadOffset(), back.payloadOffset());
            }
            assertEquals(at, from, "each record read as long as it was written");
        }
    }

    @Test
    void aPayloadOffsetARecordCannotHoldIsRefused() {
        try (Arena arena = Arena.ofConfined()) {
            var e = event("10.0.0.1", "10.0.0.2", 17, 1, 2, 0, 0, 0, 40, 12).payloadBytes(arena.allocate(8), 1L << 32);
            var x = assertThrows(IllegalArgumentException.class, () -> e.pack(new long[PacketEvent.MAX_PACKED], 0));
            assertTrue(x.getMessage().contains("payload offset 4294967296"), x.getMessage());
        }
    }

    private static PacketEvent event(String src, String dst, int protocol, int srcPort, int dstPort, int flags, int seq, int ack,
                                     int length, int payload) {
        return new PacketEvent(T, 0xFFFF_FFFF_FFFFL, 0x0012_3456_789AL, IpAddress.parse(src), IpAddress.parse(dst), protocol, srcPort,
                dstPort, flags, seq, ack, length, payload);
    }

    private static void assertSameValues(PacketEvent want, PacketEvent got) {
        assertEquals(List.of(want.tsMicros(), want.srcMac(), want.dstMac(), want.srcHi(), want.srcLo(), want.dstHi(), want.dstLo(),
                        (long) want.protocol(), (long) want.srcPort(), (long) want.dstPort(), (long) want.tcpFlags(), (long) want.seq(),
                        (long) want.ack(), (long) want.length(), (long) want.payload()),
                List.of(got.tsMicros(), got.srcMac(), got.dstMac(), got.srcHi(), got.srcLo(), got.dstHi(), got.dstLo(),
                        (long) got.protocol(), (long) got.srcPort(), (long) got.dstPort(), (long) got.tcpFlags(), (long) got.seq(),
                        (long) got.ack(), (long) got.length(), (long) got.payload()), want.toString());
        assertEquals(want.src(), got.src());
        assertEquals(want.dst(), got.dst());
    }
}
