package dev.warden.watch.device;

import dev.warden.identify.MacAddress;
import dev.warden.identify.OuiRegistry;
import dev.warden.watch.flow.FlowRecord;
import dev.warden.watch.flow.DistinctEstimate;
import dev.warden.watch.flow.IpAddress;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The monitored devices: every local address ({@link LocalNetworks}) that appears in a flow becomes one, keyed by MAC
 * when the input carries MACs and by IP otherwise. A device first seen by IP takes on a MAC when one shows up. The
 * number of devices is bounded; addresses beyond the bound are left untracked and counted (exactly up to a few
 * thousand, then estimated in fixed memory by {@link DistinctEstimate}), so a spoofing flood of "local" sources cannot
 * grow memory without limit, and the report can say how many were left out.
 */
public final class DeviceRegistry {
    private final LocalNetworks local;
    private final OuiRegistry oui;
    private final int max;
    private final Map<Long, Device> byMac = new HashMap<>();
    private final Map<IpAddress, Device> byIp = new HashMap<>();
    private final List<Device> devices = new ArrayList<>();
    private final Map<Long, KnownDevice> knownByMac = new HashMap<>();
    private final Map<IpAddress, KnownDevice> knownByIp = new HashMap<>();
    /**
     * The local addresses seen after the bound was reached, each once however often it comes back: exactly up to
     * {@link #UNTRACKED_EXACT}, and estimated in fixed memory past that.
     */
    private final java.util.Set<IpAddress> untrackedExact = new java.util.HashSet<>();
    private final DistinctEstimate untrackedEstimate = new DistinctEstimate();
    private boolean untrackedMany;
    /** Untracked addresses counted exactly; past this many, the count is an estimate (within a few percent). */
    public static final int UNTRACKED_EXACT = 4096;
    /**
     * Names announced by MAC before a device with that MAC was seen (a DHCP request comes from 0.0.0.0, before the
     * device has an address), given to the device when it appears; bounded, oldest dropped first.
     */
    private final Map<Long, List<String>> pendingNames = new java.util.LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, List<String>> eldest) {
            return size() > PENDING_NAMES;
        }
    };
    static final int PENDING_NAMES = 4096;
    // A direct-mapped cache of recent (address, MAC) -> device answers for packet inputs, which ask twice per packet.
    // An answer stays valid while the maps and devices are unchanged: every change bumps the version.
    // One entry is four adjacent longs (version, lo, hi, MAC): one cache line read per question, not four arrays'.
    private static final int CACHE = 1 << 10;
    private final long[] cache = new long[4 * CACHE];
    private final Device[] cacheDevice = new Device[CACHE];
    private long version = 1;

    public DeviceRegistry(LocalNetworks local, OuiRegistry oui, int max, List<KnownDevice> known) {
        this.local = local;
        this.oui = oui;
        this.max = max;
        for (KnownDevice k : known) {
            if (k.mac() != null) {
                try {
                    knownByMac.put(MacAddress.parse(k.mac()).value(), k);
                } catch (RuntimeException e) {
                    // an unreadable MAC in the store only loses the match by MAC
                }
            }
            IpAddress ip = k.ip() == null ? null : IpAddress.tryParse(k.ip());
            if (ip != null) knownByIp.put(ip, k);
        }
    }

    public LocalNetworks local() {
        return local;
    }

    /**
     * Changes whenever a lookup changed the registry (a new device, a MAC learned, an address moved): a caller that
     * saw the same version before and after its lookups may reuse their answers for the same questions while the
     * version stays.
     */
    public long version() {
        return version;
    }

    /**
     * {@link #lookup(IpAddress, long)} of the address with these two longs: the same answer and the same effects, but a
     * repeated question about an unchanged registry is answered from a small cache without making an address object.
     */
    public Device lookup(long hi, long lo, long mac) {
        if (local.surelyOutside(hi, lo)) return null; // a counterpart, told by one bit (half the questions in a flood)
        int slot = (int) (mix(hi ^ lo * 0x9E3779B97F4A7C15L ^ mac) >>> 54), k = slot << 2;
        final long[] c = cache;
        // only devices are cached, and whether an address is a device's never changes: a hit needs no isDevice
        if (c[k] == version && c[k + 1] == lo && c[k + 2] == hi && c[k + 3] == mac) return cacheDevice[slot];
        if (!local.isDevice(hi, lo)) return null;
        long before = version;
        Device d = lookup(new IpAddress(hi, lo), mac);
        if (d != null && before == version) { // the question changed nothing: asking it again answers the same
            c[k] = version;
            c[k + 1] = lo;
            c[k + 2] = hi;
            c[k + 3] = mac;
            cacheDevice[slot] = d;
        }
        return d;
    }

    private static long mix(long h) {
        h ^= h >>> 33;
        h *= 0xFF51AFD7ED558CCDL;
        return h ^ (h >>> 33);
    }

    /** The device behind a local address (creating it on first sight), or null for a counterpart or past the bound. */
    public Device lookup(IpAddress ip, long mac) {
        if (!local.isDevice(ip)) return null;
        Device d = mac != 0 ? byMac.get(mac) : null;
        if (d == null) d = byIp.get(ip);
        if (d != null) {
            if (mac != 0 && d.mac() == 0) {
                d.mac(mac);
                byMac.put(mac, d);
                version++;
                enrich(d);
            } else if (mac != 0 && d.mac() != mac) {
                d = null; // the address moved to another device (DHCP): fall through and find or make that one
                d = byMac.get(mac);
                if (d == null) return create(ip, mac);
            }
            if (!d.ip().equals(ip)) {
                d.ip(ip);
                version++;
            }
            if (byIp.put(ip, d) != d) version++;
            return d;
        }
        return create(ip, mac);
    }

    private Device create(IpAddress ip, long mac) {
        version++;
        if (devices.size() >= max) {
            untrackedEstimate.add(ip);
            if (!untrackedMany && untrackedExact.add(ip) && untrackedExact.size() > UNTRACKED_EXACT) {
                untrackedMany = true;
                untrackedExact.clear();
            }
            return null;
        }
        Device d = new Device(devices.size(), ip, mac);
        devices.add(d);
        byIp.put(ip, d);
        if (mac != 0) byMac.put(mac, d);
        enrich(d);
        return d;
    }

    private void enrich(Device d) {
        if (d.mac() != 0 && d.vendor() == null && oui != null) {
            oui.organisation(new MacAddress(d.mac())).ifPresent(d::vendor);
        }
        KnownDevice k = d.mac() != 0 ? knownByMac.get(d.mac()) : null;
        if (k == null) k = knownByIp.get(d.ip());
        if (k != null) {
            d.name(k.name());
            if (k.label() != null) d.label(k.label());
        }
        List<String> announced = d.mac() != 0 ? pendingNames.remove(d.mac()) : null;
        if (announced != null) announced.forEach(d::name);
    }

    /**
     * A name a device announced for itself (DHCP host name, mDNS, SSDP server). {@code device} is the device the
     * packet came from when its address is known; otherwise the name waits for the device with {@code mac}. True when
     * the name is new to the device.
     */
    public boolean announce(Device device, long mac, String name) {
        if (name == null) return false;
        Device d = device != null ? device : mac != 0 ? byMac.get(mac) : null;
        if (d != null) return d.name(name);
        if (mac == 0) return false;
        List<String> names = pendingNames.computeIfAbsent(mac, m -> new ArrayList<>(2));
        if (names.contains(name) || names.size() >= Device.MAX_NAMES) return false;
        names.add(name);
        return true;
    }

    /** Adds a flow to the totals of the device(s) on either side. */
    public void count(FlowRecord f, Device orig, Device resp) {
        if (orig != null) add(orig, f.startMicros(), f.endMicros(), f.origPackets() + f.respPackets(), f.origBytes() + f.respBytes());
        if (resp != null) add(resp, f.startMicros(), f.endMicros(), f.origPackets() + f.respPackets(), f.origBytes() + f.respBytes());
    }

    private static void add(Device d, long start, long end, long packets, long bytes) {
        d.flows++;
        d.packets += packets;
        d.bytes += bytes;
        d.firstSeen = Math.min(d.firstSeen, start);
        d.lastSeen = Math.max(d.lastSeen, end);
    }

    public List<Device> devices() {
        return List.copyOf(devices);
    }

    public int size() {
        return devices.size();
    }

    public Device get(int index) {
        return devices.get(index);
    }

    /**
     * How many distinct local addresses were seen after the bound was reached and so were not tracked as devices: exact
     * up to {@link #UNTRACKED_EXACT}, an estimate within a few percent beyond (see {@link #untrackedIsEstimate()}).
     */
    public long untracked() {
        return untrackedMany ? Math.max(UNTRACKED_EXACT + 1, untrackedEstimate.estimate()) : untrackedExact.size();
    }

    /** Whether {@link #untracked()} is an estimate. */
    public boolean untrackedIsEstimate() {
        return untrackedMany;
    }

    /** The most devices tracked ({@code watch.devices.max}). */
    public int max() {
        return max;
    }
}
