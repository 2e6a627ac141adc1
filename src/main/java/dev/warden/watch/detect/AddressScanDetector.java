package dev.warden.watch.detect;

import dev.warden.assess.Severity;
import dev.warden.watch.device.Device;
import dev.warden.watch.flow.FlowRecord;
import dev.warden.watch.flow.IpAddress;
import dev.warden.watch.flow.Protocols;
import dev.warden.watch.incident.IncidentBook;

/**
 * Horizontal scan, after Zeek's scan policy: one device makes failed attempts to many distinct hosts on one port
 * (25 within 5 minutes by default). Only attempts that never became connections count, as in Zeek, so a device that
 * talks to many working servers is not a scanner; nor do attempts to addresses the device was given by a DNS answer
 * (a device that cannot reach its cloud tries every address of the name). Telnet and SSH ports are left to
 * {@link LoginScanDetector}.
 * Doc: docs/detectors/address-scan.md
 */
public final class AddressScanDetector extends Detector {
    public static final String ID = "address-scan";

    private final DetectorContext ctx;
    private final boolean[] loginPorts;
    private final int minHosts, maxDistinct, evidence;
    private final long window, idle;
    private final BoundedMap<Long, State> state;

    private static final class State {
        final SlidingDistinct<IpAddress> hosts;
        final PendingEvidence pending;
        boolean reported;
        long last;
        long attempts, hostsTotal;

        State(long window, int max, int evidence) {
            hosts = new SlidingDistinct<>(window, max);
            pending = new PendingEvidence(evidence);
        }

        void reset() {
            reported = false;
            attempts = hostsTotal = 0;
            pending.clear();
        }
    }

    public AddressScanDetector(DetectorContext ctx) {
        this.ctx = ctx;
        loginPorts = ctx.ports("watch.login-scan.ports");
        minHosts = ctx.integer("watch.address-scan.min-hosts");
        window = ctx.micros("watch.address-scan.window");
        maxDistinct = ctx.integer("watch.state.max-distinct");
        evidence = ctx.integer("watch.incident.evidence-flows");
        idle = ctx.micros("watch.incident.idle-timeout");
        state = new BoundedMap<>(ctx.stateBound(), () -> new State(window, maxDistinct, evidence));
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String summary() {
        return "A device makes failed attempts to many hosts on one port (horizontal scan)";
    }

    @Override
    public Severity severity() {
        return Severity.HIGH;
    }

    /**
     * A probe that got nowhere: a TCP attempt without handshake, or UDP without reply, and small (a few packets of
     * at most 200 bytes on average). Flood records, which carry thousands of packets or 512-byte payloads, are not probes.
     */
    static boolean failedAttempt(FlowRecord f) {
        boolean failed = f.isTcp() ? f.tcpAttemptOnly() : f.isUdp() && f.respPackets() == 0 && !oneWayReply(f);
        if (!failed) return false;
        long packets = f.packetsAtLeastOne();
        return packets <= 5 && f.origBytes() <= 200 * packets;
    }


    /**
     * A one-way flow export (NetFlow v5/v9, IPFIX without RFC 5103 reverse counters; the flow's state is unknown) has
     * no reply counts, so every UDP record looks unanswered: a resolver's answers to a device's many short-lived ports
     * looked like a port scan of it (IoT Sentinel's Hue bridge through softflowd, pmacct and nfdump). In such records
     * the side with the lower port is taken for the service, as flow tools do: a record from a lower port to a higher
     * one is an answer, not an attempt. (A scan from a high source port still counts for every port below it.)
     */
    static boolean oneWayReply(FlowRecord f) {
        return f.state() == dev.warden.watch.flow.ConnState.UNKNOWN && f.srcPort() < f.dstPort();
    }

    @Override
    public boolean onlyFlowsFromDevices() {
        return true;
    }
    @Override
    public void onFlow(FlowRecord f, Device orig, Device resp, long now) {
        if (orig == null || f.dst().isMulticastOrBroadcast() || !failedAttempt(f)) return;
        if (f.isTcp() && loginPorts[f.dstPort()]) return;
        if (followsAName(f, orig)) return;
        long key = ((long) orig.index() << 24) | ((long) f.protocol() << 16) | f.dstPort();
        State s = state.getOrMake(key);
        String where = Protocols.name(f.protocol()) + "/" + f.dstPort();
        IncidentBook.Draft d = ctx.incidents().existing(ID, orig, where);
        if (d == null && s.reported) s.reset();
        s.last = now;
        boolean fresh = s.hosts.add(f.dst(), f.endMicros());
        s.attempts++;
        if (fresh) s.hostsTotal++;
        if (d == null) {
            s.pending.add(f, window);
            if (s.hosts.size() < minHosts) return;
            d = ctx.incidents().draft(ID, orig, where);
            s.pending.drainInto(d);
            for (IpAddress h : s.hosts.values()) d.counterpart(h.toString());
            s.hostsTotal = s.hosts.size();
            s.reported = true;
        } else {
            d.flow(f);
            d.counterpart(f.dst().toString());
        }
        String atLeast = s.hosts.size() >= maxDistinct ? "at least " : "";
        final IncidentBook.Draft fd = d;
        d.severity(Severity.HIGH)
                .figure("port", f.dstPort())
                .figure("hosts", s.hostsTotal)
                .figure("attempts", d.flows())
                .figure("duration_s", Text.seconds(d.lastSeen() - d.firstSeen()))
                .explain(() -> "Tried " + atLeast + Text.plural(s.hostsTotal, "host", "hosts") + " on " + where + " without getting a connection ("
                        + Text.plural(fd.flows(), "attempt", "attempts") + " over " + Text.duration(fd.lastSeen() - fd.firstSeen())
                        + "): a horizontal scan, looking for devices to attack.");
        ctx.incidents().commit(d, now);
    }

    /** The device was given this address by a DNS answer around the attempt: it follows a name, it is not picking targets. */
    private boolean followsAName(FlowRecord f, Device orig) {
        return ctx.resolved().resolved(orig.index(), f.dst().hi(), f.dst().lo(), f.startMicros());
    }

    @Override
    public void advance(long now) {
        state.values().removeIf(s -> {
            s.hosts.expire(now);
            return s.hosts.isEmpty() && (!s.reported || now - s.last > idle);
        });
    }
}
