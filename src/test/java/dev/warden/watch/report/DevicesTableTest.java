package dev.warden.watch.report;

import dev.warden.identify.MacAddress;
import dev.warden.identify.OuiRegistry;
import dev.warden.output.Format;
import dev.warden.watch.device.Device;
import dev.warden.watch.device.DeviceRegistry;
import dev.warden.watch.device.LocalNetworks;
import dev.warden.watch.flow.IpAddress;
import dev.warden.watch.incident.Incident;
import dev.warden.assess.Severity;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The table's device summary when devices share an address: a device is its MAC where one is seen (the victim address of
 * the DDoS captures arrives with 63 MACs), and each row counts its own incidents only.
 */
class DevicesTableTest {
    @Test
    void devicesSharingAnAddressEachCountTheirOwnIncidents() {
        var registry = new DeviceRegistry(LocalNetworks.parse("10.0.0.0/8"), OuiRegistry.bundled(), 100, List.of());
        IpAddress ip = IpAddress.parse("10.10.10.10");
        Device victim = registry.lookup(ip, MacAddress.parse("00:16:3e:0d:ec:f2").value());
        Device other = registry.lookup(ip, MacAddress.parse("98:5d:82:11:54:49").value());
        Device camera = registry.lookup(IpAddress.parse("10.10.10.20"), MacAddress.parse("44:19:b6:aa:bb:cc").value());
        assertTrue(victim != other && victim.index() != other.index(), "two MACs behind one address are two devices");

        var incidents = List.of(incident("W1-I1", victim, "victim-syn-flood"), incident("W1-I2", victim, "victim-synack-reflection"),
                incident("W1-I3", camera, "login-guessing"));
        var summary = new IncidentReport.Summary(List.of(), 10, 100, registry.devices(), 0, 1_000_000);
        var buf = new ByteArrayOutputStream();
        IncidentReport.print(Format.TABLE, summary, incidents, new PrintStream(buf, true, StandardCharsets.UTF_8));
        String text = buf.toString(StandardCharsets.UTF_8);

        assertTrue(text.contains("3 incidents on 2 devices"), text);
        var rows = text.lines().dropWhile(l -> !l.equals("DEVICES WITH INCIDENTS")).skip(2).toList();
        assertEquals(2, rows.size(), text);
        assertTrue(rows.get(0).matches("10\\.10\\.10\\.10 +00:16:3e:0d:ec:f2 .* 2 +victim-syn-flood victim-synack-reflection"), rows.get(0));
        assertTrue(rows.get(1).matches("10\\.10\\.10\\.20 +44:19:b6:aa:bb:cc .* 1 +login-guessing"), rows.get(1));
        assertTrue(text.lines().noneMatch(l -> l.contains("98:5d:82:11:54:49")), "the device without incidents is not listed:\n" + text);
    }

    private static Incident incident(String id, Device d, String detector) {
        return new Incident(id, d.ref(), detector, "k", Severity.HIGH, 0, 1, 0, List.of("198.51.100.7"), false, new LinkedHashMap<>(),
                new Incident.Evidence(List.of(), 1, List.of()), "what happened", -1, true, 1);
    }
}
