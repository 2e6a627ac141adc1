package dev.warden.protocol.ssdp;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * What a device says about itself over SSDP (UPnP Device Architecture 1.1, section 1): the SERVER header of its
 * NOTIFY announcements and of its answers to M-SEARCH, "OS/version UPnP/1.0 product/version" ("Linux/3.14.0 UPnP/1.0
 * IpBridge/1.9.0", "Linux, UPnP/1.0 DCS-935L/1.0"). Only the message head is read (up to {@link #MAX_HEAD} bytes);
 * control characters are dropped and the value is clipped, since the device may be hostile.
 */
public final class SsdpAnnouncement {
    public static final int MAX_HEAD = 2048, MAX_VALUE = 128;

    private SsdpAnnouncement() {}

    /** The SERVER header of an SSDP NOTIFY or M-SEARCH answer ({@code length} bytes of {@code b}); empty for others. */
    public static Optional<String> server(byte[] b, int length) {
        String head = new String(b, 0, Math.min(Math.min(length, b.length), MAX_HEAD), StandardCharsets.ISO_8859_1);
        String[] lines = head.split("\r?\n");
        if (!(lines[0].startsWith("NOTIFY ") || lines[0].startsWith("HTTP/1."))) return Optional.empty();
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i];
            if (line.isEmpty()) break;
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).strip().equalsIgnoreCase("SERVER")) {
                String v = line.substring(colon + 1).replaceAll("[\\p{Cntrl}\\x{80}-\\x{FF}]", "").replaceAll("\\s+", " ").strip();
                if (v.isEmpty()) return Optional.empty();
                return Optional.of(v.length() > MAX_VALUE ? v.substring(0, MAX_VALUE) : v);
            }
        }
        return Optional.empty();
    }
}
