package dev.warden.watch.device;

import dev.warden.watch.flow.IpAddress;
import dev.warden.watch.flow.Protocols;
import dev.warden.watch.packet.PacketEvent;
import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which announcements name which device, and what an endless announcer costs. */
class DeviceNamerTest {
    static final long MAC = 0x001788_2476ffL;
    static final IpAddress HUE = IpAddress.parse("192.168.1.6"), OUTSIDE = IpAddress.parse("198.51.100.7");

    static PacketEvent ssdp(IpAddress src, long mac, long ts, String server) {
        byte[] b = ("NOTIFY * HTTP/1.1\r\nHOST: 239.255.255.250:1900\r\nSERVER: " + server + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
        IpAddress group = IpAddress.parse("239.255.255.250");
        return new PacketEvent().set(ts, mac, 0x01005e7ffffaL, src.hi(), src.lo(), group.hi(), group.lo(), Protocols.UDP, 1900, 1900, 0, 0, 0,
                28 + b.length, b.length).payloadBytes(MemorySegment.ofArray(b), 0);
    }

    @Test
    void aDeviceIsNamedByItsAnnouncementsAndACounterpartNever() {
        var registry = new DeviceRegistry(LocalNetworks.parse("192.168.0.0/16"), null, 10, List.of());
        var namer = new DeviceNamer(registry);
        Device hue = registry.lookup(HUE, MAC);
        namer.read(ssdp(HUE, MAC, 1_000_000, "Linux/3.14.0 UPnP/1.0 IpBridge/1.9.0"), hue);
        namer.read(ssdp(OUTSIDE, 0x0203_0405_0607L, 1_000_000, "reflector"), null); // an SSDP reflector answering a spoofed search
        assertEquals(List.of("Linux/3.14.0 UPnP/1.0 IpBridge/1.9.0"), hue.names());
        assertEquals(1, namer.named());
    }

    @Test
    void aDeviceThatAnnouncesWithoutEndIsReadAFewTimesAWindow() {
        var registry = new DeviceRegistry(LocalNetworks.parse("192.168.0.0/16"), null, 10, List.of());
        var namer = new DeviceNamer(registry);
        Device hue = registry.lookup(HUE, MAC);
        for (int i = 0; i < 10_000; i++) namer.read(ssdp(HUE, MAC, 1_000_000 + i * 1000L, "server " + i % 2), hue); // 10 s of it
        assertEquals(DeviceNamer.PER_DEVICE_PER_WINDOW, namer.named());
        namer.read(ssdp(HUE, MAC, 1_000_000 + DeviceNamer.WINDOW_MICROS, "a window later"), hue);
        assertEquals(DeviceNamer.PER_DEVICE_PER_WINDOW + 1, namer.named());
        namer.read(ssdp(HUE, MAC, 2_000_000 + DeviceNamer.WINDOW_MICROS, "a window later"), hue);
        assertEquals(DeviceNamer.PER_DEVICE_PER_WINDOW + 1, namer.named(), "the same announcement again is not read again");
    }

    static PacketEvent ssdpSearch(IpAddress src, long mac, long ts) {
        byte[] b = "M-SEARCH * HTTP/1.1\r\nHOST: 239.255.255.250:1900\r\nMAN: \"ssdp:discover\"\r\nST: ssdp:all\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
        IpAddress group = IpAddress.parse("239.255.255.250");
        return new PacketEvent().set(ts, mac, 0x01005e7ffffaL, src.hi(), src.lo(), group.hi(), group.lo(), Protocols.UDP, 50000, 1900, 0, 0, 0,
                28 + b.length, b.length).payloadBytes(MemorySegment.ofArray(b), 0);
    }

    /** An mDNS message of 12 header bytes with these flags (0x8400: an authoritative response; 0: a query). */
    static PacketEvent mdns(IpAddress src, long mac, int flags) {
        byte[] b = new byte[12];
        b[2] = (byte) (flags >>> 8);
        b[3] = (byte) flags;
        IpAddress group = IpAddress.parse("224.0.0.251");
        return new PacketEvent().set(1_000_000, mac, 0x01005e0000fbL, src.hi(), src.lo(), group.hi(), group.lo(), Protocols.UDP, 5353, 5353, 0, 0, 0,
                40, b.length).payloadBytes(MemorySegment.ofArray(b), 0);
    }

    /**
     * Queries and searches are told from announcements by a byte or two: what the reading thread asks of each packet,
     * and what the namer asks itself of a packet nobody vetted; a search spends none of the device's budget.
     */
    @Test
    void queriesAndSearchesAreToldFromAnnouncementsAndCostNoBudget() {
        assertTrue(DeviceNamer.mayBeAnnouncement(ssdp(HUE, MAC, 1, "x")));
        assertFalse(DeviceNamer.mayBeAnnouncement(ssdpSearch(HUE, MAC, 1)));
        assertTrue(DeviceNamer.mayBeAnnouncement(mdns(HUE, MAC, 0x8400)));
        assertFalse(DeviceNamer.mayBeAnnouncement(mdns(HUE, MAC, 0)));
        var registry = new DeviceRegistry(LocalNetworks.parse("192.168.0.0/16"), null, 10, List.of());
        var namer = new DeviceNamer(registry);
        Device hue = registry.lookup(HUE, MAC);
        for (int i = 0; i < 1000; i++) namer.read(ssdpSearch(HUE, MAC, 1_000_000 + i), hue);
        namer.read(ssdp(HUE, MAC, 2_000_000, "IpBridge/1.9.0"), hue);
        assertEquals(List.of("IpBridge/1.9.0"), hue.names(), "a thousand searches before it spent nothing");
        // vetted on the reading thread: the namer takes its word and goes straight to the budget and the parse
        namer.read(ssdp(HUE, MAC, 3_000_000, "IpBridge/1.10.0").payloadVetted(true), hue);
        assertEquals(List.of("IpBridge/1.9.0", "IpBridge/1.10.0"), hue.names());
    }

    /** The engine's share of the reading thread's work: payloads that cannot be announcements are dropped, the others vetted. */
    @Test
    void theEnginesPreparationDropsQueriesAndVetsAnnouncements() {
        var engine = dev.warden.watch.WatchEngine.build(dev.warden.watch.WatchEngine.Config.defaults(dev.warden.config.Settings.reference()));
        PacketEvent[] events = {ssdp(HUE, MAC, 1, "x"), ssdpSearch(HUE, MAC, 1), mdns(HUE, MAC, 0x8400), mdns(HUE, MAC, 0)};
        engine.prepare(events, 0, events.length);
        assertTrue(events[0].payloadVetted());
        assertNull(events[1].payloadSegment());
        assertTrue(events[2].payloadVetted());
        assertNull(events[3].payloadSegment());
    }

    /** A device that says the same things every minute for a day and a half is read less and less; something new is read at once. */
    @Test
    void aDeviceRepeatingItselfIsReadLessAndLessOften() {
        var registry = new DeviceRegistry(LocalNetworks.parse("192.168.0.0/16"), null, 10, List.of());
        var namer = new DeviceNamer(registry);
        Device hue = registry.lookup(HUE, MAC);
        long minute = 60_000_000;
        for (int i = 0; i < 2000; i++) namer.read(ssdp(HUE, MAC, minute * (i + 1), "server " + i % 2), hue);
        assertEquals(List.of("server 0", "server 1"), hue.names());
        long read = namer.named();
        assertEquals(true, read < 200, "read " + read + " of 2,000 repeated announcements");
        namer.read(ssdp(HUE, MAC, minute * 3000, "new firmware 2.0"), hue); // a later window: the budget is not spent
        assertEquals(List.of("server 0", "server 1", "new firmware 2.0"), hue.names());
    }
}
