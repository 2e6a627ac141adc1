package dev.warden.watch.detect;

import dev.warden.assess.Severity;
import dev.warden.watch.device.Device;
import dev.warden.watch.flow.FlowRecord;
import dev.warden.watch.flow.IpAddress;
import dev.warden.watch.incident.IncidentBook;

/**
 * A device contacts many hosts on telnet (23, 2323) or SSH (22): the scanning half of Mirai's spread, which probes
 * random addresses on these ports about 160 times a second. Counts distinct hosts within a sliding window, answered or
 * not. Doc: docs/detectors/login-scan.md
 */
public final class LoginScanDetector extends Detector {
    public static final String ID = "login-scan";
    private static final String KEY = "login-ports";

    private final DetectorContext ctx;
    private final boolean[] ports;
    private final int minHosts, maxDistinct, evidence;
    private final long window, idle;
    private final BoundedMap<Integer, State> state;

    private static final class State {
        final SlidingDistinct<IpAddress> hosts;
        final PendingEvidence pending;
        boolean reported;
        long last;
        long attempts, answered, hostsTotal;

        State(long window, int max, int evidence) {
            hosts = new SlidingDistinct<>(window, max);
            pending = new PendingEvidence(evidence);
        }

        void reset() {
            reported = false;
            attempts = answered = hostsTotal = 0;
            pending.clear();
        }
    }

    public LoginScanDetector(DetectorContext ctx) {
        this.ctx = ctx;
        ports = ctx.ports("watch.login-scan.ports");
        minHosts = ctx.integer("watch.login-scan.min-hosts");
        window = ctx.micros("watch.login-scan.window");
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
        return "A device scans many hosts on telnet or SSH ports, the way Mirai looks for its next victims";
    }

    @Override
    public Severity severity() {
        return Severity.HIGH;
    }


    @Override
    public boolean onlyFlowsFromDevices() {
        return true;
    }
    @Override
    public void onFlow(FlowRecord f, Device orig, Device resp, long now) {
        if (orig == null || !f.isTcp() || !ports[f.dstPort()] || f.dst().isMulticastOrBroadcast()) return;
        if (f.serverName() != null) return; // called by name (its own DNS look-up, a log's server_name): a chosen server, no scan target
        State s = state.getOrMake(orig.index());
        IncidentBook.Draft d = ctx.incidents().existing(ID, orig, KEY);
        if (d == null && s.reported) s.reset();
        s.last = now;
        boolean fresh = s.hosts.add(f.dst(), f.endMicros());
        s.attempts++;
        if (f.state().established()) s.answered++;
        if (fresh) s.hostsTotal++;
        if (d == null) {
            s.pending.add(f, window);
            if (s.hosts.size() < minHosts) return;
            d = ctx.incidents().draft(ID, orig, KEY);
            s.pending.drainInto(d);
            for (IpAddress h : s.hosts.values()) d.counterpart(h.toString());
            s.hostsTotal = s.hosts.size();
            s.reported = true;
        } else {
            d.flow(f);
            d.counterpart(f.dst().toString());
        }
        final IncidentBook.Draft fd = d;
        d.severity(Severity.HIGH)
                .figure("hosts", s.hostsTotal)
                .figure("attempts", s.attempts)
                .figure("answered", s.answered)
                .figure("duration_s", Text.seconds(d.lastSeen() - d.firstSeen()))
                .explain(() -> "Scanned " + Text.plural(s.hostsTotal, "host", "hosts") + " on telnet/SSH ports ("
                        + Text.plural(s.attempts, "attempt", "attempts") + ", " + Text.count(s.answered) + " answered, over "
                        + Text.duration(fd.lastSeen() - fd.firstSeen()) + "): this is how Mirai-class bots find their next victims.");
        ctx.incidents().commit(d, now);
    }

    @Override
    public void advance(long now) {
        state.values().removeIf(s -> {
            s.hosts.expire(now);
            return s.hosts.isEmpty() && (!s.reported || now - s.last > idle);
        });
    }
}
