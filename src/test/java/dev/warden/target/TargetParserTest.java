package dev.warden.target;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TargetParserTest {
    final TargetParser parser = new TargetParser(70_000, name -> {
        if (name.equals("dvr.lan")) return List.of(InetAddress.ofLiteral("127.10.0.7"));
        throw new java.net.UnknownHostException(name);
    });

    List<String> ips(String... specs) {
        return parser.parse(List.of(specs)).stream().map(Target::ip).toList();
    }

    @Test
    void singleAddressesRangesAndBlocks() {
        assertEquals(List.of("127.10.0.1"), ips("127.10.0.1"));
        assertEquals(List.of("10.0.0.1", "10.0.0.2", "10.0.0.3"), ips("10.0.0.1-10.0.0.3"));
        assertEquals(List.of("10.0.0.5", "10.0.0.6"), ips("10.0.0.5-6"));
        assertEquals(List.of("192.168.1.1", "192.168.1.2"), ips("192.168.1.0/30"));
        assertEquals(254, ips("192.168.1.0/24").size());
        assertEquals(List.of("10.1.1.1"), ips("10.1.1.1/32"));
    }

    @Test
    void rangesCrossOctetBoundaries() {
        assertEquals(List.of("10.0.0.255", "10.0.1.0", "10.0.1.1"), ips("10.0.0.255-10.0.1.1"));
    }

    @Test
    void duplicatesAreDroppedAndOrderKept() {
        assertEquals(List.of("10.0.0.2", "10.0.0.1"), ips("10.0.0.2", "10.0.0.1-2"));
    }

    @Test
    void hostNamesResolveThroughTheInjectedResolver() {
        var t = parser.parse(List.of("dvr.lan"));
        assertEquals("127.10.0.7", t.getFirst().ip());
        assertEquals("dvr.lan", t.getFirst().name());
        var e = assertThrows(TargetException.class, () -> ips("nosuch.lan"));
        assertTrue(e.getMessage().contains("does not resolve"));
    }

    @Test
    void ipv6() {
        assertEquals(List.of("fd00:0:0:0:0:0:0:1", "fd00:0:0:0:0:0:0:2"), ips("fd00::1-fd00::2"));
        assertEquals(4, ips("fd00::/126").size());
    }

    @Test
    void targetFilesWithCommentsAndLineNumbersInErrors(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("targets.txt");
        Files.writeString(f, "# lab\n127.10.0.1\n\n127.10.0.2-3   # cameras\n");
        assertEquals(List.of("127.10.0.1", "127.10.0.2", "127.10.0.3"), ips("@" + f));
        Files.writeString(f, "127.10.0.1\n300.1.1.1/8\n");
        var e = assertThrows(TargetException.class, () -> ips("@" + f));
        assertTrue(e.getMessage().startsWith(f + ":2:"), e.getMessage());
        var missing = assertThrows(TargetException.class, () -> ips("@" + dir.resolve("none.txt")));
        assertTrue(missing.getMessage().contains("cannot read target file"));
    }

    @Test
    void badSpecsNameWhatIsWrong() {
        assertTrue(assertThrows(TargetException.class, () -> ips("10.0.0.9-10.0.0.1")).getMessage().contains("ends before it starts"));
        assertTrue(assertThrows(TargetException.class, () -> ips("10.0.0.0/33")).getMessage().contains("prefix length"));
        assertTrue(assertThrows(TargetException.class, () -> ips("10.0.0.1-300")).getMessage().contains("above 255"));
        assertTrue(assertThrows(TargetException.class, () -> ips("not a host!")).getMessage().contains("is not an address"));
        assertTrue(assertThrows(TargetException.class, () -> ips("10.0.0.0/8")).getMessage().contains("expands past"));
    }
}
