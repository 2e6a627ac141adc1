package dev.warden.identify;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * MAC addresses of hosts on the same link, from the kernel's neighbour table (/proc/net/arp), read after the probes so
 * that the entries exist. Hosts behind a router have no MAC here, and that is reported as unknown, not guessed.
 */
public final class ArpTable {
    private final Path file;

    public ArpTable(Path file) {
        this.file = file;
    }

    public static ArpTable system() {
        return new ArpTable(Path.of("/proc/net/arp"));
    }

    public Map<String, String> read() {
        var out = new HashMap<String, String>();
        if (!Files.isReadable(file)) return out;
        try {
            for (String line : Files.readAllLines(file)) {
                String[] f = line.trim().split("\\s+");
                // IP address, HW type, Flags, HW address, Mask, Device; flag 0x2 means a complete entry
                if (f.length >= 4 && f[3].matches("([0-9a-fA-F]{2}:){5}[0-9a-fA-F]{2}") && !f[3].equals("00:00:00:00:00:00")) {
                    out.put(f[0], f[3].toLowerCase());
                }
            }
        } catch (IOException e) {
            return out;
        }
        return out;
    }

    public Optional<String> lookup(String ip) {
        return Optional.ofNullable(read().get(ip));
    }
}
