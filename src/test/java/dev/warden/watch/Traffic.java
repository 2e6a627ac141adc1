package dev.warden.watch;

import dev.warden.config.Settings;
import dev.warden.watch.flow.ConnState;
import dev.warden.watch.flow.FlowRecord;
import dev.warden.watch.flow.Protocols;
import dev.warden.watch.incident.Incident;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Builds synthetic traffic for tests, the way Mirai's behaviour is written down in shared/reference/mirai-behaviour.md,
 * and runs it through a real engine. Times are seconds after {@link #T0} (2023-11-14T22:13:20Z).
 */
public final class Traffic {
    public static final long T0 = 1_700_000_000_000_000L;
    private final List<FlowRecord> flows = new ArrayList<>();
    private int uid;

    public static long at(double seconds) {
        return T0 + Math.round(seconds * 1e6);
    }

    public FlowRecord.Builder flow(double t, String src, int sport, String dst, int dport, int protocol) {
        return FlowRecord.builder().uid("T" + (++uid)).start(at(t)).src(src, sport).dst(dst, dport).protocol(protocol);
    }

    /** A TCP SYN that got no answer (Zeek S0). */
    public Traffic syn(double t, String src, String dst, int dport, long packets) {
        return add(flow(t, src, 40000 + uid % 20000, dst, dport, Protocols.TCP).duration(packets > 1 ? 3_000_000 : 0).state(ConnState.S0)
                .history("S").orig(packets, 40 * packets));
    }

    /** An established TCP session with data both ways (Zeek SF). */
    public Traffic session(double t, String src, String dst, int dport, double seconds, long bytesOut, long bytesIn) {
        return add(flow(t, src, 40000 + uid % 20000, dst, dport, Protocols.TCP).duration(Math.round(seconds * 1e6)).state(ConnState.SF)
                .history("ShADadFf").orig(Math.max(3, bytesOut / 1400 + 3), bytesOut + 200).resp(Math.max(3, bytesIn / 1400 + 3), bytesIn + 200));
    }

    /** A UDP exchange; {@code reply} false makes it one-way (Zeek S0). */
    public Traffic udp(double t, String src, int sport, String dst, int dport, long packets, long bytes, boolean reply) {
        return add(flow(t, src, sport, dst, dport, Protocols.UDP).duration(packets > 1 ? 1_000_000 : 1000).state(reply ? ConnState.SF : ConnState.S0)
                .history(reply ? "Dd" : "D").orig(packets, bytes).resp(reply ? packets : 0, reply ? bytes : 0));
    }

    public Traffic add(FlowRecord.Builder b) {
        flows.add(b.build());
        return this;
    }

    public Traffic add(FlowRecord f) {
        flows.add(f);
        return this;
    }

    public List<FlowRecord> flows() {
        var sorted = new ArrayList<>(flows);
        sorted.sort(java.util.Comparator.comparingLong(FlowRecord::endMicros));
        return sorted;
    }

    /** Runs the traffic (ordered by flow end, as Zeek logs it) through an engine with reference settings. */
    public List<Incident> run() {
        return run(c -> c);
    }

    public List<Incident> run(UnaryOperator<WatchEngine.Config> config) {
        return engine(config).incidents();
    }

    public WatchEngine engine(UnaryOperator<WatchEngine.Config> config) {
        WatchEngine e = WatchEngine.build(config.apply(WatchEngine.Config.defaults(Settings.reference())));
        for (FlowRecord f : flows()) e.onFlow(f);
        e.finish();
        return e;
    }

    public static List<Incident> of(List<Incident> incidents, String detector) {
        return incidents.stream().filter(i -> i.detector().equals(detector)).toList();
    }
}
