package dev.warden.watch.device;

import dev.warden.identify.MacAddress;
import dev.warden.identify.OuiRegistry;
import dev.warden.watch.Traffic;
import dev.warden.watch.detect.SynFloodDetector;
import dev.warden.watch.flow.IpAddress;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

class DeviceRegistryTest {
    static final LocalNetworks LOCAL = LocalNetworks.parse("192.168.0.0/16");
    static final long CAM_MAC = MacAddress.parse("44:19:b6:aa:bb:cc").value();

    @Test
    void aDeviceIsItsMacWhenSeenElseItsAddress() {
        var r = new DeviceRegistry(LOCAL, OuiRegistry.bundled(), 100, List.of());
        Device byIp = r.lookup(IpAddress.parse("192.168.7.20"), 0);
        assertEquals(null, byIp.macText());
        Device same = r.lookup(IpAddress.parse("192.168.7.20"), CAM_MAC);
        assertSame(byIp, same, "the device seen by address takes on the MAC when one shows up");
        assertEquals("Hangzhou Hikvision Digital Technology Co.,Ltd.", same.vendor());
        Device moved = r.lookup(IpAddress.parse("192.168.7.99"), CAM_MAC);
        assertSame(same, moved, "DHCP gave it a new address: still the same device");
        assertEquals("192.168.7.99", moved.ip().toString());
        assertNull(r.lookup(IpAddress.parse("8.8.8.8"), 0), "a counterpart is not a device");
        assertEquals(1, r.size());
    }

    @Test
    void namesAnnouncedBeforeTheDeviceAppearsWaitForItsMac() {
        var r = new DeviceRegistry(LOCAL, null, 100, List.of(new KnownDevice("192.168.7.20", null, "Hikvision DS-2CD2032", "F")));
        r.announce(null, CAM_MAC, "IPCamera"); // a DHCP request from 0.0.0.0
        r.announce(null, CAM_MAC, "ipcamera"); // the same name in other case is not a second name
        Device cam = r.lookup(IpAddress.parse("192.168.7.20"), CAM_MAC);
        assertEquals(List.of("Hikvision DS-2CD2032", "IPCamera"), cam.names(), "the audit's name first, then what the device said");
        r.announce(cam, CAM_MAC, "Linux UPnP/1.0 Hikvision-Webs");
        assertEquals(3, cam.names().size());
        for (int i = 0; i < 20; i++) r.announce(cam, CAM_MAC, "name " + i);
        assertEquals(Device.MAX_NAMES, cam.names().size(), "a device that announces without end keeps the first few");
        for (long mac = 1; mac <= DeviceRegistry.PENDING_NAMES + 10; mac++) r.announce(null, mac, "dhcp " + mac);
        Device late = r.lookup(IpAddress.parse("192.168.7.21"), 1);
        assertEquals(List.of(), late.names(), "the oldest waiting names went when too many MACs waited");
        Device recent = r.lookup(IpAddress.parse("192.168.7.22"), DeviceRegistry.PENDING_NAMES + 10);
        assertEquals(List.of("dhcp " + (DeviceRegistry.PENDING_NAMES + 10)), recent.names());
    }

    @Test
    void boundedNumberOfDevices() {
        var r = new DeviceRegistry(LOCAL, null, 10, List.of());
        for (int i = 1; i <= 50; i++) r.lookup(IpAddress.parse("192.168.8." + i), 0);
        for (int i = 1; i <= 50; i++) r.lookup(IpAddress.parse("192.168.8." + i), 0); // the same addresses again
        assertEquals(10, r.size());
        assertEquals(40, r.untracked(), "addresses left out, each once however often it comes back");
        assertFalse(r.untrackedIsEstimate());
        for (int i = 0; i < 100_000; i++) r.lookup(IpAddress.parse("192.168." + (i >> 8 & 255) + "." + (i & 255)), 0);
        assertTrue(r.untrackedIsEstimate());
        assertEquals(65_526, r.untracked(), 65_526 * 0.1, "past " + DeviceRegistry.UNTRACKED_EXACT + ", an estimate");
    }

    @Test
    void incidentsCarryTheAuditLabelAndName() {
        var t = new Traffic();
        for (int i = 0; i < 60; i++) t.syn(i / 3.0, "192.168.7.20", "198.51.100.77", 80, 100);
        var known = List.of(new KnownDevice("192.168.7.20", null, "Hikvision DS-2CD2032", "F"));
        var incident = Traffic.of(t.run(c -> c.withKnown(known)), SynFloodDetector.ID).getFirst();
        assertEquals("F", incident.device().label());
        assertEquals(List.of("Hikvision DS-2CD2032"), incident.device().names());
        assertEquals("192.168.7.20 Hikvision DS-2CD2032", incident.device().describe());
    }
}
