package dev.warden.watch.device;

import dev.warden.protocol.dhcp.DhcpRequest;
import dev.warden.protocol.mdns.MdnsAnnouncement;
import dev.warden.protocol.ssdp.SsdpAnnouncement;
import dev.warden.watch.flow.IpAddress;
import dev.warden.watch.packet.PacketEvent;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Names devices by what they announce about themselves in packet inputs: the host name of their DHCP requests, their
 * mDNS host and service-instance names, the SERVER header of their SSDP announcements. These are a few packets per
 * device (at start-up and every few minutes), so each is copied out and read by the checked parsers of
 * {@code dev.warden.protocol}; a damaged or hostile one gives no name. A name is the device's word, not proof: reports
 * show them beside the OUI vendor and the audit's identification, never instead of them.
 */
public final class DeviceNamer {
    static final int DHCP_SERVER = 67, DHCP_CLIENT = 68, MDNS = 5353, SSDP = 1900;
    /** Bytes read from one announcement at most (mDNS allows up to 9,000; real announcements are far smaller). */
    static final int MAX_PAYLOAD = 9000;
    /**
     * Announcements read per device per {@link #WINDOW_MICROS} of event time at most. Devices repeat the same
     * announcements every few seconds to minutes (the IoT Sentinel set-ups: 5% of all packets are mDNS and SSDP), and
     * names seldom change: past the first few, each costs a counter, not a parse, also for an SSDP reflector in a flood.
     */
    static final int PER_DEVICE_PER_WINDOW = 8;
    static final long WINDOW_MICROS = 600_000_000;
    private final DeviceRegistry registry;
    private long named, added;
    /**
     * Reads of each device's announcements in a row that taught nothing new: every 8 of them double the device's
     * window (up to 64 times, about 11 hours), so that a device repeating the same announcements all day is read
     * seldom, and one that says something new is read often again.
     */
    private int[] fruitless = new int[0];
    private long[] windowStart = new long[0];
    private int[] inWindow = new int[0];
    /** The hash of each device's last announcement read: the same bytes again are not read again. */
    private int[] lastHash = new int[0];

    public DeviceNamer(DeviceRegistry registry) {
        this.registry = registry;
    }

    /** Whether a UDP packet between these ports may carry an announcement: the engine asks before {@link #read}. */
    public static boolean mayAnnounce(int srcPort, int dstPort) {
        return srcPort == DHCP_CLIENT && dstPort == DHCP_SERVER || srcPort == MDNS || srcPort == SSDP || dstPort == SSDP;
    }

    /**
     * What cannot be an mDNS or SSDP announcement, told from a byte or two of the payload in place: false for mDNS
     * queries and SSDP searches, true for anything else (DHCP included, which is read whole). Needs nothing but the
     * packet, so an input that reads ahead asks it on its reading thread (the engine's {@code prepare}), drops the
     * payloads it turns away and marks the others {@link PacketEvent#payloadVetted vetted}: then {@link #read} touches
     * no payload byte of an announcement its budget turns away.
     */
    public static boolean mayBeAnnouncement(PacketEvent p) {
        boolean mdns = p.srcPort() == MDNS;
        if (!mdns && p.srcPort() != SSDP && p.dstPort() != SSDP) return true; // DHCP, and what read() is not asked about
        long length = payloadBytes(p);
        if (length <= 0) return true; // read() turns it away itself
        MemorySegment seg = p.payloadSegment();
        long offset = p.payloadOffset();
        return mdns ? length >= 12 && (seg.get(ValueLayout.JAVA_BYTE, offset + 2) & 0x80) != 0
                : SsdpAnnouncement.looksLikeOne(seg.get(ValueLayout.JAVA_BYTE, offset));
    }

    /** The payload bytes of {@code p} that its segment holds, 0 when it points at none (or outside its segment). */
    private static long payloadBytes(PacketEvent p) {
        MemorySegment seg = p.payloadSegment();
        long offset = p.payloadOffset();
        if (seg == null || offset < 0 || offset > seg.byteSize()) return 0;
        return Math.min(p.payload(), seg.byteSize() - offset);
    }

    /** Reads the UDP packet {@code p} from {@code src} (null when its address is not a device's, as DHCP's 0.0.0.0). */
    public void read(PacketEvent p, Device src) {
        boolean dhcp = p.srcPort() == DHCP_CLIENT && p.dstPort() == DHCP_SERVER;
        if (!dhcp && (src == null || src.namesFull())) return; // mDNS and SSDP name their sender: a device
        long available = payloadBytes(p);
        if (available <= 0) return;
        int length = (int) Math.min(available, MAX_PAYLOAD);
        MemorySegment seg = p.payloadSegment();
        long offset = p.payloadOffset();
        if (!dhcp) {
            if (!p.payloadVetted() && !mayBeAnnouncement(p)) return;
            if (overBudget(src.index(), p.tsMicros())) return;
        }
        byte[] b = new byte[length];
        MemorySegment.copy(seg, ValueLayout.JAVA_BYTE, offset, b, 0, length);
        if (!dhcp) {
            int h = java.util.Arrays.hashCode(b);
            if (lastHash[src.index()] == h) return;
            lastHash[src.index()] = h;
        }
        long before = added;
        if (dhcp) {
            // the request names its client by chaddr; a relayed one comes from the relay's MAC, so chaddr decides
            DhcpRequest.parse(b, length).ifPresent(r -> announce(src != null && src.mac() == r.mac() ? src : null, r.mac(), r.hostName()));
        } else if (p.srcPort() == MDNS) {
            for (String name : MdnsAnnouncement.names(b, new IpAddress(p.srcHi(), p.srcLo()).toString())) announce(src, src.mac(), name);
        } else {
            SsdpAnnouncement.server(b, length).ifPresent(name -> announce(src, src.mac(), name));
        }
        if (!dhcp) fruitless[src.index()] = added > before ? 0 : Math.min(fruitless[src.index()] + 1, 6 * 8);
    }

    /** Counts one announcement of device {@code index}; true when its budget for this window is spent. */
    private boolean overBudget(int index, long ts) {
        if (index >= inWindow.length) {
            int n = Math.max(index + 1, inWindow.length * 2);
            windowStart = java.util.Arrays.copyOf(windowStart, n);
            inWindow = java.util.Arrays.copyOf(inWindow, n);
            lastHash = java.util.Arrays.copyOf(lastHash, n);
            fruitless = java.util.Arrays.copyOf(fruitless, n);
        }
        // time that goes back (inputs out of order) stays in the current window rather than opening a new one
        if (ts - windowStart[index] >= WINDOW_MICROS << (fruitless[index] / 8) || inWindow[index] == 0) {
            windowStart[index] = ts;
            inWindow[index] = 0;
        }
        return ++inWindow[index] > PER_DEVICE_PER_WINDOW;
    }

    private void announce(Device d, long mac, String name) {
        if (name == null) return;
        named++;
        if (registry.announce(d, mac, name)) added++;
    }

    /** Announced names read so far (for tests and the benchmark's sanity). */
    public long named() {
        return named;
    }
}
