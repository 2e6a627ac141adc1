package dev.warden.watch.device;

import dev.warden.identify.MacAddress;
import dev.warden.watch.flow.IpAddress;

import java.util.ArrayList;
import java.util.List;

/**
 * One monitored device: known by its MAC when flows show it, otherwise by its IP address. Holds what is known about it
 * (names, OUI vendor, the grade of its last audit label) and running totals. Owned by the {@link DeviceRegistry}; the
 * engine is single-threaded.
 */
public final class Device {
    private final int index;
    private IpAddress ip;
    private long mac;
    private String vendor;
    private final List<String> names = new ArrayList<>(2);
    private String label;
    long flows, packets, bytes, firstSeen = Long.MAX_VALUE, lastSeen = Long.MIN_VALUE;

    Device(int index, IpAddress ip, long mac) {
        this.index = index;
        this.ip = ip;
        this.mac = mac;
    }

    /** Dense, from 0: detectors keep per-device state in arrays indexed by it. */
    public int index() {
        return index;
    }

    public IpAddress ip() {
        return ip;
    }

    public long mac() {
        return mac;
    }

    /** The MAC as aa:bb:cc:dd:ee:ff, or null when not seen. */
    public String macText() {
        return mac == 0 ? null : new MacAddress(mac).toString();
    }

    public String vendor() {
        return vendor;
    }

    public List<String> names() {
        return List.copyOf(names);
    }

    /** The grade of the device's latest audit label, or null when it was never audited. */
    public String label() {
        return label;
    }

    public long flows() {
        return flows;
    }

    public long packets() {
        return packets;
    }

    public long bytes() {
        return bytes;
    }

    public long firstSeen() {
        return firstSeen;
    }

    public long lastSeen() {
        return lastSeen;
    }

    void ip(IpAddress ip) {
        this.ip = ip;
    }

    void mac(long mac) {
        this.mac = mac;
    }

    void vendor(String vendor) {
        this.vendor = vendor;
    }

    void label(String label) {
        this.label = label;
    }

    /** Whether the device has as many names as it keeps: more announcements could add none. */
    public boolean namesFull() {
        return names.size() >= MAX_NAMES;
    }

    /** Names kept per device at most: the audit's first, then those the device announced, in the order seen. */
    static final int MAX_NAMES = 8;

    /** Adds {@code name} unless it is blank, known (in any case) or one too many; true when it was added. */
    boolean name(String name) {
        if (name == null || name.isBlank() || names.size() >= MAX_NAMES) return false;
        for (String n : names) if (n.equalsIgnoreCase(name)) return false;
        names.add(name);
        return true;
    }

    /** An immutable copy for incidents and output. */
    public DeviceRef ref() {
        return new DeviceRef(ip.toString(), macText(), vendor, names(), label);
    }

    @Override
    public String toString() {
        return mac == 0 ? ip.toString() : ip + " (" + macText() + ")";
    }
}
