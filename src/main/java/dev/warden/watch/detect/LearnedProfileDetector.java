package dev.warden.watch.detect;

import dev.warden.assess.Severity;
import dev.warden.watch.device.Device;
import dev.warden.watch.flow.FlowRecord;
import dev.warden.watch.flow.Services;
import dev.warden.watch.incident.IncidentBook;
import dev.warden.watch.profile.DeviceProfile;
import dev.warden.watch.profile.Profiles;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A device does something it never did while it was learned. During the learning period ({@code --learn}, from the
 * device's first flow, or a profile loaded with {@code --profile}) every service it uses, every host and name it
 * contacts and its busiest hour are recorded. Afterwards three deviations are reported, each saying what is new:
 * a service never used ("first SMTP ever: 40 connections to 3 servers"), many hosts never contacted within the window,
 * and an hour far busier than any learned one. An IoT device does few things and always the same ones, which is what
 * makes this work for them and not for laptops. Works on any flow records, whatever their source. Doc:
 * docs/detectors/learned-profile.md
 */
public final class LearnedProfileDetector extends Detector {
    public static final String ID = "learned-profile";
    private static final long HOUR = 3_600_000_000L;
    private static final Set<String> ABUSED = Set.of("SMTP", "telnet", "SSH", "IRC", "Mirai report", "TFTP", "FTP", "GRE");

    private final DetectorContext ctx;
    private final Profiles profiles;
    private final long window;
    private final int minServiceFlows, minNewHosts, minHourlyFlows, maxDestinations, maxServices, maxDistinct;
    private final double rateFactor;
    private Watch[] watches = new Watch[16]; // by device index: asked for the receiving device of every flow

    /** Per device: learning buckets and what is new since learning ended. */
    private static final class Watch {
        final DeviceProfile profile;
        long hour = Long.MIN_VALUE, hourFlows, hourBytes, hourLearnFlows, hourLearnBytes;
        final Map<String, NewService> services = new HashMap<>();
        SlidingDistinct<String> newHosts;
        long newHostsTotal, learnedHostsAtOpen;

        Watch(DeviceProfile profile) {
            this.profile = profile;
        }
    }

    private static final class NewService {
        final Set<String> servers = new LinkedHashSet<>();
        final Set<Integer> ports = new java.util.TreeSet<>();
        long flows, bytesOut, bytesIn;
        /**
         * What the profile held when the incident opened. A flow that began while learning can end (and be learned)
         * after it, as a conn.log reports a 22-hour session at its end; the sentence says what was known when it spoke.
         */
        String learnedAtOpen;
        final PendingEvidence pending;

        NewService(int evidence) {
            pending = new PendingEvidence(evidence);
        }
    }

    public LearnedProfileDetector(DetectorContext ctx) {
        this.ctx = ctx;
        this.profiles = ctx.profiles() == null ? Profiles.empty() : ctx.profiles();
        window = ctx.micros("watch.profile.window");
        minServiceFlows = ctx.integer("watch.profile.min-new-service-flows");
        minNewHosts = ctx.integer("watch.profile.min-new-hosts");
        rateFactor = ctx.decimal("watch.profile.rate-factor");
        minHourlyFlows = ctx.integer("watch.profile.min-hourly-flows");
        maxDestinations = ctx.integer("watch.profile.max-destinations");
        maxServices = ctx.integer("watch.profile.max-services");
        maxDistinct = ctx.integer("watch.state.max-distinct");
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String summary() {
        return "A device does what it never did while learned: a new service, many new hosts, or a far busier hour";
    }

    @Override
    public Severity severity() {
        return Severity.MEDIUM;
    }

    static String key(Device d) {
        return d.mac() != 0 ? "mac:" + d.macText() : "ip:" + d.ip();
    }

    @Override
    public void onFlow(FlowRecord f, Device orig, Device resp, long now) {
        if (!profiles.active()) return;
        // Learning starts when the device is first seen, answering or multicasting too: a device that mostly answers
        // (a coffee maker serving its app) must not start learning at its first connection of its own, which may be
        // the very thing it never did before.
        if (resp != null) watch(resp, f.startMicros());
        if (orig == null) return;
        Watch w = watch(orig, f.startMicros());
        if (w == null || f.dst().isMulticastOrBroadcast()) return;
        String service = Services.name(f.protocol(), f.dstPort());
        boolean learning = f.startMicros() < w.profile.learnedUntil();
        long hour = Math.floorDiv(f.startMicros(), HOUR);
        if (hour != w.hour) {
            if (w.hourLearnFlows > 0) w.profile.hour(w.hourLearnFlows, w.hourLearnBytes); // only what was seen while learning
            w.hour = hour;
            w.hourFlows = w.hourBytes = w.hourLearnFlows = w.hourLearnBytes = 0;
        }
        w.hourFlows++;
        w.hourBytes += f.origBytes() + f.respBytes();
        if (learning) {
            w.hourLearnFlows++;
            w.hourLearnBytes += f.origBytes() + f.respBytes();
            w.profile.learn(service, f.dst().toString(), f.serverName(), maxDestinations, maxServices);
            return;
        }
        if (w.hourLearnFlows > 0) { // learning just ended inside this hour: its part counts toward the learned peak now
            w.profile.hour(w.hourLearnFlows, w.hourLearnBytes);
            w.hourLearnFlows = w.hourLearnBytes = 0;
        }
        if (!w.profile.knowsService(service)) newService(w, orig, f, service, now);
        if (resp == null && !w.profile.destinationsSaturated() && !w.profile.knowsDestination(f.dst().toString(), f.serverName())) {
            newHost(w, orig, f, service, now);
        }
        if (w.hourFlows >= minHourlyFlows && w.hourFlows > rateFactor * Math.max(1, w.profile.peakHourlyFlows())) busyHour(w, orig, f, now);
    }

    /** The device's watch, its profile started (learning from {@code start}) when it is first seen; null if none. */
    private Watch watch(Device d, long start) {
        int i = d.index();
        Watch w = i < watches.length ? watches[i] : null;
        if (w != null) return w;
        DeviceProfile p = profiles.get(key(d));
        if (p == null) p = profiles.start(key(d), d.ip().toString(), start);
        if (p == null) return null;
        w = new Watch(p);
        w.newHosts = new SlidingDistinct<>(window, maxDistinct);
        if (i >= watches.length) watches = java.util.Arrays.copyOf(watches, Math.max(2 * watches.length, i + 1));
        watches[i] = w;
        return w;
    }

    private void newService(Watch w, Device orig, FlowRecord f, String service, long now) {
        String key = "service:" + service;
        IncidentBook.Draft d = ctx.incidents().existing(ID, orig, key);
        NewService s = w.services.get(service);
        if (d == null && s != null && s.flows >= minServiceFlows) return; // reported once: a later use is not a first
        if (s == null) {
            if (w.services.size() >= 64) w.services.clear(); // bounded; what is new keeps coming back if it persists
            s = new NewService(ctx.integer("watch.incident.evidence-flows"));
            w.services.put(service, s);
        }
        s.flows++;
        s.bytesOut += f.origBytes();
        s.bytesIn += f.respBytes();
        if (s.servers.size() < maxDistinct) s.servers.add(f.dst().toString());
        s.ports.add(f.dstPort());
        if (d == null) {
            s.pending.add(f, window);
            if (s.flows < minServiceFlows) return;
            d = ctx.incidents().draft(ID, orig, key);
            s.learnedAtOpen = w.profile.services().isEmpty() ? "While learned it opened no connection of its own."
                    : "While learned it only used " + learned(w.profile) + ".";
            s.pending.drainInto(d);
            for (String server : s.servers) d.counterpart(server); // the servers of the flows before the threshold too
        } else {
            d.flow(f);
        }
        d.counterpart(f.dst().toString());
        final NewService ns = s;
        String transport = f.isUdp() ? "udp/" : f.isTcp() ? "tcp/" : "";
        d.severity(ABUSED.contains(service) ? Severity.HIGH : Severity.MEDIUM)
                .figure("flows", s.flows)
                .figure("servers", (long) s.servers.size())
                .figure("bytes_out", s.bytesOut)
                .figure("bytes_in", s.bytesIn)
                .explain(() -> "First " + service + " ever: " + Text.plural(ns.flows, "connection", "connections") + " to "
                        + Text.plural(ns.servers.size(), "server", "servers")
                        + (service.contains("/") ? "" : " (" + (ns.ports.size() <= 4
                                ? ns.ports.stream().map(p -> transport + p).reduce((a, b) -> a + ", " + b).orElse("")
                                : ns.ports.size() + " ports") + ")")
                        + ", " + Text.bytes(ns.bytesOut) + " sent. " + ns.learnedAtOpen);
        ctx.incidents().commit(d, now);
    }

    private void newHost(Watch w, Device orig, FlowRecord f, String service, long now) {
        String key = "new-hosts";
        IncidentBook.Draft d = ctx.incidents().existing(ID, orig, key);
        boolean fresh = w.newHosts.add(f.dst().toString(), f.endMicros());
        if (fresh) w.newHostsTotal++;
        if (d == null) {
            if (w.newHosts.size() < minNewHosts) return;
            d = ctx.incidents().draft(ID, orig, key);
            for (String h : w.newHosts.values()) d.counterpart(h);
            w.newHostsTotal = w.newHosts.size();
            w.learnedHostsAtOpen = w.profile.destinations().size(); // as the new-service sentence: what was known then
        } else {
            d.counterpart(f.dst().toString());
        }
        final IncidentBook.Draft fd = d;
        d.flow(f)
                .severity(Severity.MEDIUM)
                .figure("new_hosts", w.newHostsTotal)
                .figure("learned_hosts", w.learnedHostsAtOpen)
                .explain(() -> "Contacted " + Text.plural(w.newHostsTotal, "host", "hosts") + " it had never contacted within "
                        + Text.duration(window) + " (latest on " + service + "); while learned it talked to "
                        + Text.plural(w.learnedHostsAtOpen, "host", "hosts") + ".");
        ctx.incidents().commit(d, now);
    }

    private void busyHour(Watch w, Device orig, FlowRecord f, long now) {
        IncidentBook.Draft d = ctx.incidents().draft(ID, orig, "rate");
        long flows = w.hourFlows, peak = w.profile.peakHourlyFlows(); // the hour moves on; the sentence keeps these
        d.flow(f)
                .severity(Severity.MEDIUM)
                .figure("hourly_flows", flows)
                .figure("learned_peak_hourly_flows", peak)
                .explain(() -> "Made " + Text.plural(flows, "connection", "connections") + " within one hour; its busiest learned hour had "
                        + Text.count(peak) + ".");
        ctx.incidents().commit(d, now);
    }

    private static String learned(DeviceProfile p) {
        List<String> s = new ArrayList<>(p.services());
        java.util.Collections.sort(s);
        if (s.isEmpty()) return "nothing";
        if (s.size() > 8) return String.join(", ", s.subList(0, 8)) + " and " + (s.size() - 8) + " more";
        if (s.size() == 1) return s.getFirst();
        return String.join(", ", s.subList(0, s.size() - 1)) + " and " + s.getLast();
    }
}
