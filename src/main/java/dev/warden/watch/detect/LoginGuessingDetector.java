package dev.warden.watch.detect;

import dev.warden.assess.Severity;
import dev.warden.watch.device.Device;
import dev.warden.watch.flow.FlowRecord;
import dev.warden.watch.flow.IpAddress;
import dev.warden.watch.incident.IncidentBook;

/**
 * A device opens many short telnet/SSH sessions to one host: credential guessing. Mirai logs in with one pair per
 * connection and tries up to ten pairs per victim, so five short sessions to one host within ten minutes is already
 * the pattern; a session that lasts is a login that worked, not a guess. Counting uses a ring of the last
 * {@code min-sessions} session times per (device, host): constant memory per key. Doc: docs/detectors/login-guessing.md
 */
public final class LoginGuessingDetector extends Detector {
    public static final String ID = "login-guessing";

    private final DetectorContext ctx;
    private final boolean[] ports;
    private final int minSessions, evidence;
    private final long window, maxSession;
    private final BoundedMap<Key, State> state;

    private record Key(int device, IpAddress host) {}

    private static final class State {
        final long[] ring;
        int next;
        final PendingEvidence pending;

        State(int n, int evidence) {
            ring = new long[n];
            java.util.Arrays.fill(ring, Long.MIN_VALUE);
            pending = new PendingEvidence(evidence);
        }
    }

    public LoginGuessingDetector(DetectorContext ctx) {
        this.ctx = ctx;
        ports = ctx.ports("watch.login-scan.ports");
        minSessions = Math.max(1, ctx.integer("watch.login-guessing.min-sessions"));
        window = ctx.micros("watch.login-guessing.window");
        maxSession = ctx.micros("watch.login-guessing.max-session");
        evidence = ctx.integer("watch.incident.evidence-flows");
        state = new BoundedMap<>(ctx.stateBound(), () -> new State(minSessions, evidence));
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String summary() {
        return "A device opens many short telnet/SSH sessions to one host: credential guessing";
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
        if (orig == null || !f.isTcp() || !ports[f.dstPort()] || !f.state().established() || f.durationMicros() > maxSession) return;
        State s = state.getOrMake(new Key(orig.index(), f.dst()));
        long t = f.endMicros();
        s.ring[s.next] = t;
        s.next = (s.next + 1) % s.ring.length;
        String host = f.dst().toString();
        IncidentBook.Draft d = ctx.incidents().existing(ID, orig, host);
        if (d == null) {
            s.pending.add(f, window);
            long oldest = s.ring[s.next]; // after the write, the slot to be overwritten next is the oldest of the last n
            if (oldest == Long.MIN_VALUE || t - oldest > window) return;
            d = ctx.incidents().draft(ID, orig, host);
            s.pending.drainInto(d);
            d.counterpart(host + ":" + f.dstPort());
        } else {
            d.flow(f);
        }
        final IncidentBook.Draft fd = d;
        d.severity(Severity.HIGH)
                .figure("port", f.dstPort())
                .figure("sessions", d.flows())
                .figure("duration_s", Text.seconds(d.lastSeen() - d.firstSeen()))
                .explain(() -> "Opened " + Text.plural(fd.flows(), "short session", "short sessions") + " to the "
                        + (f.dstPort() == 22 ? "SSH" : "telnet") + " service of " + host + " within "
                        + Text.duration(Math.max(fd.lastSeen() - fd.firstSeen(), 1_000_000))
                        + ": guessing passwords, one pair per connection, as Mirai does.");
        ctx.incidents().commit(d, now);
    }

    @Override
    public void advance(long now) {
        state.values().removeIf(s -> {
            long newest = s.ring[(s.next + s.ring.length - 1) % s.ring.length];
            return now - newest > window;
        });
    }
}
