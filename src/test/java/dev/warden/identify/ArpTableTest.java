package dev.warden.identify;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ArpTableTest {
    @Test
    void readsCompleteEntriesOnly(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("arp");
        Files.writeString(f, """
                IP address       HW type     Flags       HW address            Mask     Device
                10.9.0.2         0x1         0x2         44:47:CC:01:02:03     *        veth0
                10.9.0.3         0x1         0x0         00:00:00:00:00:00     *        veth0
                """);
        var arp = new ArpTable(f);
        assertEquals(Optional.of("44:47:cc:01:02:03"), arp.lookup("10.9.0.2"));
        assertEquals(Optional.empty(), arp.lookup("10.9.0.3"));
        assertEquals(Optional.empty(), new ArpTable(dir.resolve("none")).lookup("10.9.0.2"));
    }
}
