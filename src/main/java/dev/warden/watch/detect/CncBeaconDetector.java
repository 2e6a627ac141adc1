package dev.warden.watch.detect;

import dev.warden.assess.Severity;
import dev.warden.watch.device.Device;
import dev.warden.watch.flow.FlowRecord;
import dev.warden.watch.flow.IpAddress;
import dev.warden.watch.flow.Services;
import dev.warden.watch.incident.IncidentBook;

/**
 * A device keeps calling one outside endpoint on an unusual port, most calls unanswered: a bot reconnecting to its
 * command-and-control server (Mirai retries its C&C every few seconds until it answers). Also reports any established
 * IRC session from a device at once, the C&C channel of Kaiten/Tsunami-style bots. Ports of ordinary services (web,
 * DNS, NTP, push, MQTT) are never reported here: cloud-backed devices retry those legitimately. Not in the issue's
 * list of detectors: it exists because C&C servers rotate faster than intel lists (none of the IoT-23 C&C addresses is
 * in the 2023-2024 lists). Doc: docs/detectors/cnc-beacon.md
 */
public final class CncBeaconDetector extends Detector {
    public static final String ID = "cnc-beacon";

    private final DetectorContext ctx;
    private final boolean[] ordinary, irc;
    private final int minAttempts, evidence;
    private final double minFailedShare;
    private final long window, idle, minSpan;
    private final BoundedMap<Key, State> state;

    private record Key(int device, IpAddress server, int port) {}

    private static final class State {
        long windowStart, windowEnd, attempts, failed;
        long totalAttempts, totalFailed, established, last;
        boolean reported;
        final PendingEvidence pending;

        State(int evidence) {
            pending = new PendingEvidence(evidence);
        }
    }

    public CncBeaconDetector(DetectorContext ctx) {
        this.ctx = ctx;
        ordinary = ctx.ports("watch.cnc-beacon.ordinary-ports");
        irc = ctx.ports("watch.cnc-beacon.irc-ports");
        minAttempts = ctx.integer("watch.cnc-beacon.min-attempts");
        minFailedShare = ctx.decimal("watch.cnc-beacon.min-failed-share");
        window = ctx.micros("watch.cnc-beacon.window");
        idle = ctx.micros("watch.cnc-beacon.idle-timeout");
        minSpan = ctx.micros("watch.cnc-beacon.min-span");
        evidence = ctx.integer("watch.incident.evidence-flows");
        state = new BoundedMap<>(ctx.stateBound(), () -> new State(evidence));
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String summary() {
        return "A device keeps reconnecting to one outside endpoint on an unusual port, or speaks IRC: a bot calling its C&C";
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
        if (orig == null || resp != null || !f.isTcp() || ordinary[f.dstPort()] || f.dst().isMulticastOrBroadcast()) return;
        boolean ircSession = f.state().established() && (irc[f.dstPort()] || "irc".equals(f.service()));
        State s = state.getOrMake(new Key(orig.index(), f.dst(), f.dstPort()));
        String endpoint = f.dst() + ":" + f.dstPort();
        IncidentBook.Draft d = ctx.incidents().existing(ID, orig, endpoint);
        if (d == null && s.reported) {
            s.reported = false;
            s.totalAttempts = s.totalFailed = s.established = 0;
        }
        s.last = now;
        boolean failed = f.tcpAttemptOnly();
        if (s.attempts == 0 || f.endMicros() - s.windowStart > window) {
            s.windowStart = f.startMicros();
            s.windowEnd = f.endMicros();
            s.attempts = s.failed = 0;
        }
        s.windowStart = Math.min(s.windowStart, f.startMicros());
        s.windowEnd = Math.max(s.windowEnd, f.endMicros());
        s.attempts++;
        s.totalAttempts++;
        if (failed) {
            s.failed++;
            s.totalFailed++;
        }
        if (f.state().established()) s.established++;
        if (d == null) {
            s.pending.add(f, window);
            boolean retrying = s.attempts >= minAttempts && s.failed >= minFailedShare * s.attempts && s.windowEnd - s.windowStart >= minSpan;
            if (!retrying && !ircSession) return;
            d = ctx.incidents().draft(ID, orig, endpoint);
            s.pending.drainInto(d);
            d.counterpart(endpoint);
            s.reported = true;
        } else {
            d.flow(f);
        }
        long span = d.lastSeen() - d.firstSeen();
        long calls = d.flows();
        String every = calls > 1 ? ", about every " + Text.duration(span / (calls - 1)) : "";
        final IncidentBook.Draft fd = d;
        d.severity(Severity.HIGH)
                .idleTimeout(idle)
                .figure("connections", calls)
                .figure("unanswered", s.totalFailed)
                .figure("established", s.established)
                .figure("duration_s", Text.seconds(span))
                .explain(() -> "Called " + endpoint + " (" + Services.name(f.protocol(), f.dstPort()) + ") " + Text.plural(calls, "time", "times")
                        + " over " + Text.duration(Math.max(span, 1_000_000)) + every + "; " + Text.count(s.totalFailed) + " unanswered, "
                        + Text.count(s.established) + " established"
                        + (s.established > 0 && (irc[f.dstPort()] || "irc".equals(f.service())) ? ", speaking IRC" : "")
                        + ": a bot keeps reconnecting to its command-and-control server.");
        ctx.incidents().commit(d, now);
    }

    @Override
    public void advance(long now) {
        state.values().removeIf(s -> now - s.last > (s.reported ? idle : window));
    }
}
