package dev.warden.identify;

import dev.warden.probe.Service;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FingerprintsTest {
    static Service http(String server, String title) {
        return new Service("127.0.0.1", 80, Service.Transport.TCP, "http", false, "", title == null ? Map.of("http.server", server)
                : Map.of("http.server", server, "http.title", title));
    }

    @Test
    void xiongmaiFirmwareBecomesACpe() {
        var id = Fingerprints.bundled().identify(List.of(http("uc-httpd 1.0.0", null)));
        assertEquals("Hangzhou Xiongmai", id.manufacturer());
        assertEquals("1.0.0", id.firmware());
        assertEquals("cpe:2.3:a:xiongmaitech:uc-httpd:1.0.0:*:*:*:*:*:*:*", id.cpe());
    }

    @Test
    void noVersionMeansNoCpeSoNoGuessedVulnerability() {
        var id = Fingerprints.bundled().identify(List.of(http("uc-httpd", null)));
        assertEquals("Hangzhou Xiongmai", id.manufacturer());
        assertNull(id.cpe());
    }

    @Test
    void unknownDeviceStaysUnidentified() {
        var id = Fingerprints.bundled().identify(List.of(http("SomethingElse/2", "Hello")));
        assertEquals(Identity.UNKNOWN, id);
    }

    @Test
    void userRulesComeFirstAndUpnpIsTheFallback(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("mine.json");
        Files.writeString(f, "[{\"id\":\"my-cam\",\"manufacturer\":\"Acme\",\"model\":\"Cam 9\",\"match\":[{\"field\":\"http.server\",\"pattern\":\"^uc-httpd\"}],"
                + "\"firmware\":\"7.1\",\"cpe\":\"cpe:2.3:o:acme:cam9_firmware:{version}:*:*:*:*:*:*:*\"}]");
        var id = Fingerprints.bundled().plus(f).identify(List.of(http("uc-httpd 1.0.0", null)));
        assertEquals("Acme", id.manufacturer());
        assertEquals("cpe:2.3:o:acme:cam9_firmware:7.1:*:*:*:*:*:*:*", id.cpe());
        var upnp = new Service("127.0.0.1", 1900, Service.Transport.UDP, "ssdp", false, "", Map.of("upnp.manufacturer", "Belkin", "upnp.model", "WeMo Switch"));
        var id2 = Fingerprints.bundled().identify(List.of(upnp));
        assertEquals("Belkin", id2.manufacturer());
        assertEquals("upnp-description", id2.fingerprint());
    }

    @Test
    void malformedRulesAreNamed(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("bad.json");
        Files.writeString(f, "[{\"id\":\"x\",\"manufacturer\":\"m\",\"match\":[]}]");
        assertTrue(assertThrows(Fingerprints.FingerprintException.class, () -> Fingerprints.bundled().plus(f)).getMessage().contains("at least one condition"));
        Files.writeString(f, "[{\"id\":\"x\",");
        assertTrue(assertThrows(Fingerprints.FingerprintException.class, () -> Fingerprints.bundled().plus(f)).getMessage().contains("not valid JSON"));
        Files.writeString(f, "[{\"id\":\"x\",\"manufacturer\":\"m\",\"match\":[{\"field\":\"banner\",\"pattern\":\"a\"}],\"firmware\":{\"field\":\"banner\",\"pattern\":\"(\\\\d+)\"}}]");
        assertTrue(assertThrows(Fingerprints.FingerprintException.class, () -> Fingerprints.bundled().plus(f)).getMessage().contains("(?<version>"));
    }
}
