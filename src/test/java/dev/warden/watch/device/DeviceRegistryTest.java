package dev.warden.watch.device;

import dev.warden.identify.MacAddress;
import dev.warden.identify.OuiRegistry;
import dev.warden.watch.Traffic;
import dev.warden.watch.detect.SynFloodDetector;
import dev.warden.watch.flow.IpAddress;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
    void boundedNumberOfDevices() {
        var r = new DeviceRegistry(LOCAL, null, 10, List.of());
        for (int i = 1; i <= 50; i++) r.lookup(IpAddress.parse("192.168.8." + i), 0);
        assertEquals(10, r.size());
        assertEquals(40, r.untracked());
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
