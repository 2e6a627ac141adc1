package dev.warden.watch.detect;

import dev.warden.assess.Severity;
import dev.warden.watch.device.Device;
import dev.warden.watch.flow.FlowRecord;
import dev.warden.watch.packet.PacketEvent;

/**
 * One detector: an id, a one-line summary, the severity of what it reports and a doc page (docs/detectors/ID.md). It
 * sees finished flows, and packets when the input has them, never the input itself. Time is the event time the engine
 * passes in; a detector never reads a clock. Detectors report through the {@link dev.warden.watch.incident.IncidentBook}
 * of their {@link DetectorContext}.
 *
 * <p>An abstract class, not an interface: the engine calls each packet's and flow's detectors through one megamorphic
 * call site, and a virtual call there costs a vtable load where an interface call searched the itable (itable stubs
 * were 5% of the packet pipeline's profile).
 */
public abstract class Detector {
    public abstract String id();

    public abstract String summary();

    public abstract Severity severity();

    public String docPage() {
        return "docs/detectors/" + id() + ".md";
    }

    /**
     * A finished flow. {@code orig} and {@code resp} are the monitored devices on either side, null for a counterpart.
     *
     * @param now the event time: the latest flow end seen so far
     */
    public void onFlow(FlowRecord flow, Device orig, Device resp, long now) {}

    /**
     * True for a detector that looks only at flows a monitored device started ({@code orig} not null): the engine then
     * does not call it for the others (inbound and transit flows, such as every flow of a spoofed flood at a device).
     */
    public boolean onlyFlowsFromDevices() {
        return false;
    }

    /**
     * A test that a flow must pass for {@link #onFlow} to matter, shared by several detectors (the same object), or
     * null (every flow matters). The engine asks it once per flow for all the detectors that share it and does not
     * call them when it says no, so a detector must do nothing with a flow its gate turns away.
     */
    public java.util.function.Predicate<FlowRecord> flowGate() {
        return null;
    }

    /** The IP protocol (6 TCP, 17 UDP, ...) of the only packets this detector looks at, or -1 for all of them. */
    public int packetProtocol() {
        return -1;
    }

    /**
     * Whether this detector looks at TCP packets with these flags (the low 8 bits, {@link dev.warden.watch.flow.TcpFlags}).
     * The engine asks once for each of the 256 values and then passes a TCP packet only to the detectors that said
     * yes, so a detector that says no must do nothing with such a packet (half the packets of a capture are ACKs that
     * no packet detector needs). Detectors that do not look at TCP packets are not asked.
     */
    public boolean looksAtTcp(int flags) {
        return true;
    }

    /**
     * Whether this detector looks at UDP packets with this port on either side ({@code -1}: a non-first IP fragment,
     * which has no ports). The engine passes a UDP packet only to detectors that look at its source or destination
     * port, so a detector must do nothing with a packet whose two ports it does not look at.
     */
    public boolean looksAtUdpPort(int port) {
        return true;
    }

    /** One packet, for inputs that have packets; {@code src} is the sending device or null. */
    public void onPacket(PacketEvent packet, Device src, long now) {}

    /**
     * One packet with both ends: {@code dst} is the receiving device or null. Victim-side detectors override this; by
     * default it is {@link #onPacket(PacketEvent, Device, long)}.
     */
    public void onPacket(PacketEvent packet, Device src, Device dst, long now) {
        onPacket(packet, src, now);
    }

    /**
     * A device asked DNS for {@code name} (lower case, packet inputs: the query's first question). Not called for a
     * device that other devices send their queries to (a resolver forwarding them). Only detectors whose
     * {@link #wantsLookups()} says so are called, and queries are decoded only when one of them does.
     */
    public void onLookup(Device device, String name, PacketEvent query, long now) {}

    /** Whether DNS look-ups are worth decoding for this detector (read once, when the engine is built). */
    public boolean wantsLookups() {
        return false;
    }

    /** Event time moved on: expire windows. Called about once per second of event time. */
    public void advance(long now) {}

    /** The input ended. */
    public void finish(long now) {}
}
