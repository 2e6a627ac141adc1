package dev.warden.watch;

import dev.warden.config.Settings;
import dev.warden.identify.OuiRegistry;
import dev.warden.watch.anomaly.AnomalyScorer;
import dev.warden.watch.detect.Detector;
import dev.warden.watch.detect.DetectorContext;
import dev.warden.watch.detect.Detectors;
import dev.warden.watch.detect.FloodDetector;
import dev.warden.watch.detect.FloodVector;
import dev.warden.watch.detect.StateBound;
import dev.warden.watch.device.Device;
import dev.warden.watch.device.DeviceNamer;
import dev.warden.watch.device.DeviceRegistry;
import dev.warden.watch.device.KnownDevice;
import dev.warden.watch.device.LocalNetworks;
import dev.warden.watch.dns.DnsAnswers;
import dev.warden.watch.dns.QuestionNames;
import dev.warden.watch.dns.ResolvedAddresses;
import dev.warden.watch.flow.FlowListener;
import dev.warden.watch.flow.FlowRecord;
import dev.warden.watch.flow.Protocols;
import dev.warden.watch.incident.Incident;
import dev.warden.watch.incident.IncidentBook;
import dev.warden.watch.incident.IncidentListener;
import dev.warden.watch.intel.Indicators;
import dev.warden.watch.packet.FlowTable;
import dev.warden.watch.packet.PacketEvent;
import dev.warden.watch.packet.PacketListener;
import dev.warden.watch.profile.Profiles;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;

/**
 * The detection engine of {@code warden watch}:
 *
 * <pre>
 *   input (conn.log | NetFlow/IPFIX | packets -> FlowTable)  ->  FlowRecord  ->  devices  ->  detectors  ->  incidents  ->  listeners
 * </pre>
 *
 * Every input becomes {@link FlowRecord}s (packet inputs also reach packet detectors), so detectors never know the
 * source. Event time is the latest flow end seen: windows, timeouts and incident times all follow it, never the
 * machine's clock, so a replay of last month's log behaves as it did live. Single-threaded by design: inputs call
 * {@link #onFlow} and {@link #onPacket} from one thread.
 */
public final class WatchEngine implements FlowListener, PacketListener {
    /** Detectors and the incident book hear of event time about this often (microseconds). */
    private static final long TICK = 1_000_000;

    /** Everything the engine is built from. */
    public record Config(Settings settings, LocalNetworks local, Indicators intel, Profiles profiles, List<KnownDevice> known,
                         List<IncidentListener> listeners, OuiRegistry oui) {
        public static Config defaults(Settings settings) {
            return new Config(settings, LocalNetworks.parse(settings.string("watch.local")), Indicators.none(), Profiles.empty(),
                    List.of(), List.of(), OuiRegistry.bundled());
        }

        public Config withLocal(LocalNetworks l) {
            return new Config(settings, l, intel, profiles, known, listeners, oui);
        }

        public Config withIntel(Indicators i) {
            return new Config(settings, local, i, profiles, known, listeners, oui);
        }

        public Config withProfiles(Profiles p) {
            return new Config(settings, local, intel, p, known, listeners, oui);
        }

        public Config withKnown(List<KnownDevice> k) {
            return new Config(settings, local, intel, profiles, k, listeners, oui);
        }

        public Config withOui(OuiRegistry o) {
            return new Config(settings, local, intel, profiles, known, listeners, o);
        }

        public Config withListeners(List<IncidentListener> l) {
            return new Config(settings, local, intel, profiles, known, l, oui);
        }
    }

    private final DeviceRegistry devices;
    private final RecentDevices recent;
    private final DeviceNamer namer;
    private final List<Detector> detectors;
    /** Detectors told of DNS look-ups (none unless a C&C list holds names: then no query is decoded for nothing). */
    private final Detector[] lookupDetectors;
    /**
     * Devices that answered other devices' DNS queries: resolvers, whose own queries forward someone else's. A device
     * that was just asked (and may be about to forward) is one until {@link #askedUntil} of it, by index: one stray
     * datagram to a device's port 53 must not hide its own look-ups for good.
     */
    private final java.util.BitSet resolvers = new java.util.BitSet();
    private long[] askedUntil = new long[0];
    /** How long after a device was asked its own queries may be forwarding (watch.dns.reply-window). */
    private final long resolverWindow;
    /** By IP protocol, the detectors that look at packets of it: only these hear of each packet (the others see the flows). */
    private final Detector[][] packetDetectors = new Detector[256][];
    /** TCP's, by the packet's flags: only those that look at packets with these flags ({@link Detector#looksAtTcp}). */
    private final Detector[][] tcpDetectors = new Detector[256][];
    /**
     * UDP's, by the set of them that look at either port ({@link Detector#looksAtUdpPort}): per port + 1 (a fragment's
     * -1 first) the bits of the UDP detectors that look at it, and per set of bits those detectors in their order.
     * Null when there are more than 8 UDP detectors: then each gets every UDP packet.
     */
    private final byte[] udpInterest;
    private final Detector[][] udpDetectors;
    /**
     * The detectors that look at flows, except the flood detectors when they come together in the list; and those of
     * them that look at flows no monitored device started.
     */
    private final Detector[] flowDetectors, anyFlowDetectors;
    /** Each of those detectors' {@link Detector#flowGate}, at the same index (null: none). */
    private final Predicate<FlowRecord>[] flowGates, anyFlowGates;
    /**
     * The flood detectors by {@link FloodVector} ordinal, called at index {@link #floodAt} of {@link #flowDetectors}
     * for a device's flow after one classification (instead of each classifying it); floodAt is -1 when they are not
     * grouped so and sit in flowDetectors themselves.
     */
    private final FloodDetector[] floodByVector = new FloodDetector[FloodVector.values().length];
    private final int floodAt;
    private final IncidentBook incidents;
    private final AnomalyScorer anomaly;
    private final Settings settings;
    private final ResolvedAddresses resolved;
    private final Answers answers = new Answers();
    private final QuestionNames questionNames = new QuestionNames(); // look-ups and answers: the same few names again and again
    private FlowTable flowTable; // made on the first packet: flow inputs never pay for it
    private final FlowListener deliver = this::deliver; // one object, not one per packet
    private long now = Long.MIN_VALUE, lastTick = Long.MIN_VALUE;
    private long flows, packets;
    /** What {@link #progress()} shows: replaced at each tick, read by other threads. */
    private volatile Progress progress = new Progress(0, 0, 0, 0, 0, 0);

    /** The detectors' key bound, which counts what they forgot. */
    private final StateBound stateBound;

    private WatchEngine(Settings settings, DeviceRegistry devices, List<Detector> detectors, IncidentBook incidents, AnomalyScorer anomaly,
                        ResolvedAddresses resolved, StateBound stateBound) {
        this.settings = settings;
        this.stateBound = stateBound;
        this.resolved = resolved;
        this.devices = devices;
        this.recent = new RecentDevices(devices);
        this.namer = new DeviceNamer(devices);
        this.detectors = detectors;
        this.resolverWindow = resolved.replyWindowMicros();
        this.lookupDetectors = detectors.stream().filter(Detector::wantsLookups).toArray(Detector[]::new);
        for (int protocol = 0; protocol < 256; protocol++) {
            int pr = protocol;
            packetDetectors[protocol] = detectors.stream().filter(WatchEngine::looksAtPackets)
                    .filter(d -> d.packetProtocol() < 0 || d.packetProtocol() == pr).toArray(Detector[]::new);
        }
        for (int flags = 0; flags < 256; flags++) {
            int f = flags;
            tcpDetectors[flags] = Arrays.stream(packetDetectors[Protocols.TCP]).filter(d -> d.looksAtTcp(f)).toArray(Detector[]::new);
        }
        Detector[] udp = packetDetectors[Protocols.UDP];
        if (udp.length <= 8) {
            udpInterest = new byte[65537];
            for (int port = -1; port <= 65535; port++) {
                int bits = 0;
                for (int i = 0; i < udp.length; i++) if (udp[i].looksAtUdpPort(port)) bits |= 1 << i;
                udpInterest[port + 1] = (byte) bits;
            }
            udpDetectors = new Detector[1 << udp.length][];
            for (int set = 0; set < udpDetectors.length; set++) {
                int bits = set;
                udpDetectors[set] = java.util.stream.IntStream.range(0, udp.length).filter(i -> (bits & 1 << i) != 0).mapToObj(i -> udp[i])
                        .toArray(Detector[]::new);
            }
        } else {
            udpInterest = null;
            udpDetectors = null;
        }
        var onFlow = detectors.stream().filter(d -> overrides(d, "onFlow", ON_FLOW)).toList();
        this.anyFlowDetectors = onFlow.stream().filter(d -> !d.onlyFlowsFromDevices()).toArray(Detector[]::new);
        this.floodAt = groupFloods(onFlow);
        this.flowDetectors = onFlow.stream().filter(d -> floodAt < 0 || !(d instanceof FloodDetector)).toArray(Detector[]::new);
        this.flowGates = gates(flowDetectors);
        this.anyFlowGates = gates(anyFlowDetectors);
        this.incidents = incidents;
        this.anomaly = anomaly;
    }

    @SuppressWarnings("unchecked")
    private static Predicate<FlowRecord>[] gates(Detector[] ds) {
        return Arrays.stream(ds).map(Detector::flowGate).toArray(Predicate[]::new);
    }

    /**
     * Files the flood detectors by vector when they come one after another in {@code onFlow}, one per vector, and
     * only look at flows from devices: then calling the one of a flow's vector where the group stood is what calling
     * each in turn did (the others ignore the flow). Returns the group's position, or -1 to leave them in the list.
     */
    private int groupFloods(List<Detector> onFlow) {
        int first = -1, last = -1;
        for (int i = 0; i < onFlow.size(); i++) {
            if (!(onFlow.get(i) instanceof FloodDetector f)) continue;
            if (first < 0) first = i;
            last = i;
            if (!f.onlyFlowsFromDevices() || floodByVector[f.vector().ordinal()] != null || declaring(f, "onFlow", ON_FLOW) != FloodDetector.class) {
                Arrays.fill(floodByVector, null);
                return -1;
            }
            floodByVector[f.vector().ordinal()] = f;
        }
        if (first < 0 || last - first + 1 != Arrays.stream(floodByVector).filter(java.util.Objects::nonNull).count()) {
            Arrays.fill(floodByVector, null);
            return -1;
        }
        return first;
    }

    /** The whole pipeline, assembled in one place. */
    public static WatchEngine build(Config c) {
        Settings s = c.settings();
        var devices = new DeviceRegistry(c.local(), c.oui(), s.integer("watch.devices.max"), c.known());
        var limits = new IncidentBook.Limits(micros(s, "watch.incident.idle-timeout"), micros(s, "watch.incident.update-interval"),
                s.integer("watch.incident.evidence-flows"), s.integer("watch.incident.counterparts"),
                s.integer("watch.incident.time-ranges"), micros(s, "watch.incident.range-gap"), s.integer("watch.incident.max-kept"));
        var incidents = new IncidentBook(limits, c.listeners());
        var anomaly = new AnomalyScorer(AnomalyScorer.parseHalfLives(s.string("watch.anomaly.half-lives")));
        incidents.anomalyScores(anomaly::peak);
        var resolved = new ResolvedAddresses(s.integer("watch.dns.max-answers"), micros(s, "watch.dns.answer-memory"),
                micros(s, "watch.dns.reply-window"));
        var ctx = new DetectorContext(s, incidents, c.intel(), c.profiles(), resolved);
        return new WatchEngine(s, devices, new ArrayList<>(Detectors.all(ctx)), incidents, anomaly, resolved, ctx.stateBound());
    }

    /** Names incidents PREFIX1, PREFIX2, ... (see {@link IncidentBook#idPrefix}); before the first event. */
    public void incidentIdPrefix(String prefix) {
        incidents.idPrefix(prefix);
    }

    /** Whether the detector overrides either onPacket method of {@link Detector}. */
    public static boolean looksAtPackets(Detector d) {
        return overrides(d, "onPacket", PacketEvent.class, Device.class, long.class)
                || overrides(d, "onPacket", PacketEvent.class, Device.class, Device.class, long.class);
    }

    /** Whether the detector's class overrides this method of {@link Detector}, whose defaults do nothing. */
    private static boolean overrides(Detector d, String method, Class<?>... parameters) {
        return declaring(d, method, parameters) != Detector.class;
    }

    /** The class whose version of this method the detector runs. */
    private static Class<?> declaring(Detector d, String method, Class<?>... parameters) {
        try {
            return d.getClass().getMethod(method, parameters).getDeclaringClass();
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException("Detector." + method + " is gone", e);
        }
    }

    /** The parameters of {@link Detector#onFlow}. */
    private static final Class<?>[] ON_FLOW = {FlowRecord.class, Device.class, Device.class, long.class};

    private static long micros(Settings s, String key) {
        return s.duration(key).toNanos() / 1000;
    }

    @Override
    public void onFlow(FlowRecord f) {
        if (f.endMicros() > now) now = f.endMicros();
        tick(); // expire before this flow is seen, so a flow after a long silence opens a new incident
        deliver(f);
    }

    /** A finished flow, from an input or from the flow table, goes to the devices, the anomaly score and every detector. */
    private void deliver(FlowRecord f) {
        flows++;
        Device orig = recent.get(f.src().hi(), f.src().lo(), f.srcMac()); // by longs: repeated questions hit a cache
        Device resp = recent.get(f.dst().hi(), f.dst().lo(), f.dstMac());
        devices.count(f, orig, resp);
        if (orig != null && resp == null && f.serverName() == null) {
            // a packet input's flow to an address the device looked up carries the name, as a conn.log's server_name
            String name = resolved.name(orig.index(), f.dst().hi(), f.dst().lo(), f.startMicros());
            if (name != null) f = f.withServerName(name);
        }
        if (orig == null) {
            call(anyFlowDetectors, anyFlowGates, 0, anyFlowDetectors.length, f, null, resp);
            return;
        }
        anomaly.observe(orig.index(), f, now);
        int from = 0;
        if (floodAt >= 0) {
            call(flowDetectors, flowGates, 0, floodAt, f, orig, resp);
            FloodVector v = FloodVector.classify(f);
            if (v != null && floodByVector[v.ordinal()] != null) floodByVector[v.ordinal()].onFlowOfVector(f, orig, now);
            from = floodAt;
        }
        call(flowDetectors, flowGates, from, flowDetectors.length, f, orig, resp);
    }

    /**
     * The flow to detectors {@code from} to {@code to} in turn, but for those whose gate turns it away: a gate that
     * several detectors share (the intel lists: most flows touch no listed address) is asked once for a run of them.
     */
    private void call(Detector[] ds, Predicate<FlowRecord>[] gates, int from, int to, FlowRecord f, Device orig, Device resp) {
        Predicate<FlowRecord> asked = null;
        boolean admitted = true;
        for (int i = from; i < to; i++) {
            Predicate<FlowRecord> g = gates[i];
            if (g != null) {
                if (g != asked) {
                    asked = g;
                    admitted = g.test(f);
                }
                if (!admitted) continue;
            }
            ds[i].onFlow(f, orig, resp, now);
        }
    }

    /**
     * The payloads the engine reads: UDP to or from port 53 (DNS questions and answers) and the announcements that
     * name devices (DHCP, mDNS, SSDP). An input reading ahead keeps these bytes and no others.
     */
    @Override
    public boolean readsPayload(int protocol, int srcPort, int dstPort) {
        return protocol == Protocols.UDP && (dstPort == 53 || srcPort == 53 || DeviceNamer.mayAnnounce(srcPort, dstPort));
    }

    /** Packets handled together in {@link #onPackets}: enough look-ups to overlap their cache misses (16: ~4% faster). */
    private static final int TOUCH_GROUP = 16;

    /**
     * Packets in groups of {@value #TOUCH_GROUP}: the flow-table entries of a group are read together first
     * ({@link FlowTable#touch}), then each packet is handled as by {@link #onPacket}.
     */
    @Override
    public void onPackets(PacketEvent[] events, int from, int to) {
        for (int i = from; i < to; i += TOUCH_GROUP) {
            int end = Math.min(to, i + TOUCH_GROUP);
            if (flowTable != null) flowTable.touch(events, i, end);
            for (int j = i; j < end; j++) onPacket(events[j]);
        }
    }

    /**
     * On an input's reading thread, what needs nothing of the engine's: the flow table's hash of each packet, and the
     * first look at the payloads that may be devices' announcements (5% of the bench file's packets, most of them mDNS
     * queries and repeats): those that cannot be one lose their payload, the others are marked vetted, so that the
     * engine's thread touches no byte of them before the device namer's budget lets one through. Reading a payload
     * another core has just written is a cache miss (~6 ns a packet of the bench file, all told).
     */
    @Override
    public void prepare(PacketEvent[] events, int from, int to) {
        FlowTable.hash(events, from, to);
        for (int i = from; i < to; i++) {
            PacketEvent e = events[i];
            if (e.payloadSegment() == null || e.srcPort() == 53 || e.dstPort() == 53) continue;
            if (DeviceNamer.mayBeAnnouncement(e)) e.payloadVetted(true);
            else e.payloadBytes(null, 0);
        }
    }

    @Override
    public void onPacket(PacketEvent p) {
        packets++;
        if (p.tsMicros() > now) now = p.tsMicros();
        tick();
        int protocol = p.protocol() & 0xFF;
        Detector[] interested = protocol == Protocols.TCP ? tcpDetectors[p.tcpFlags() & 0xFF]
                : protocol == Protocols.UDP && udpInterest != null ? udpDetectors[(udpInterest[p.srcPort() + 1] | udpInterest[p.dstPort() + 1]) & 0xFF]
                : packetDetectors[protocol];
        // what an input reading ahead keeps
        boolean payload = readsPayload(protocol, p.srcPort(), p.dstPort()) && p.payloadSegment() != null;
        boolean looked = interested.length > 0 || payload;
        if (looked) devicesAndDetectors(p, interested, payload);
        if (flowTable == null) {
            flowTable = new FlowTable(settings.integer("watch.flow.max-flows"), micros(settings, "watch.flow.tcp-idle-timeout"),
                    micros(settings, "watch.flow.udp-idle-timeout"), micros(settings, "watch.flow.active-timeout"));
        }
        if (flowTable.packet(p, deliver) && !looked) { // a flow's first packet: its devices are known from it on (a live count shows them)
            recent.get(p.srcHi(), p.srcLo(), p.srcMac());
            recent.get(p.dstHi(), p.dstLo(), p.dstMac());
        }
    }

    /**
     * The packet's devices, for the packet detectors that look at it and for the payloads the engine reads. Other
     * packets need neither (a TCP segment without SYN goes to no packet detector): their devices are looked up at the
     * first packet of each flow, which is every device's first packet.
     */
    private void devicesAndDetectors(PacketEvent p, Detector[] interested, boolean payload) {
        Device src = recent.get(p.srcHi(), p.srcLo(), p.srcMac()), dst = recent.get(p.dstHi(), p.dstLo(), p.dstMac());
        for (Detector d : interested) d.onPacket(p, src, dst, now);
        if (payload) {
            if (p.dstPort() == 53 && src != null) {
                int id = DnsAnswers.id(p.payloadSegment(), p.payloadOffset(), p.payload());
                if (id >= 0) resolved.asked(src.index(), id, p.tsMicros());
                if (lookupDetectors.length > 0) lookup(p, src, dst);
            } else if (p.srcPort() == 53 && dst != null) {
                int id = DnsAnswers.id(p.payloadSegment(), p.payloadOffset(), p.payload());
                if (id >= 0 && resolved.answers(dst.index(), id, p.tsMicros())) {
                    answers.read(p, dst);
                    if (src != null && lookupDetectors.length > 0) resolvers.set(src.index()); // it answered a device's query
                }
            } else if (DeviceNamer.mayAnnounce(p.srcPort(), p.dstPort())) {
                namer.read(p, src); // DHCP host names, mDNS and SSDP names
            }
        }
    }

    /** A DNS query from a device: the name it asks for goes to the detectors that want look-ups. */
    private void lookup(PacketEvent p, Device src, Device dst) {
        if (dst != null) { // a device asks another: it may forward the query upstream within the reply window
            if (dst.index() >= askedUntil.length) {
                int had = askedUntil.length;
                askedUntil = java.util.Arrays.copyOf(askedUntil, Math.max(16, 2 * (dst.index() + 1)));
                java.util.Arrays.fill(askedUntil, had, askedUntil.length, Long.MIN_VALUE); // never asked
            }
            askedUntil[dst.index()] = p.tsMicros() + resolverWindow;
        }
        int i = src.index();
        if (resolvers.get(i) || i < askedUntil.length && p.tsMicros() <= askedUntil[i]) return; // forwarding a device's query
        String name = questionNames.query(p.payloadSegment(), p.payloadOffset(), p.payload());
        if (name == null) return;
        for (Detector d : lookupDetectors) d.onLookup(src, name, p, now);
    }

    /**
     * The devices behind the two endpoints (address and MAC) asked about most recently, in front of the registry's own
     * cache: packets come in runs of one connection (both endpoints repeat) and floods hit one victim from ever new
     * sources (one endpoint repeats), and so do the flows they end in. An answer serves while the registry's version
     * is the one it was found under and finding it changed nothing, as {@link DeviceRegistry#lookup(long, long, long)}
     * would answer the same then.
     */
    private static final class RecentDevices {
        private final DeviceRegistry registry;
        private final LocalNetworks local;
        private final Entry a = new Entry(), b = new Entry();
        private boolean aNewer; // which entry a miss leaves alone

        RecentDevices(DeviceRegistry registry) {
            this.registry = registry;
            this.local = registry.local();
        }

        Device get(long hi, long lo, long mac) {
            if (local.surelyOutside(hi, lo)) return null; // what the registry answers first: no entry spent on a counterpart
            long v = registry.version();
            if (a.is(v, hi, lo, mac)) {
                aNewer = true;
                return a.device;
            }
            if (b.is(v, hi, lo, mac)) {
                aNewer = false;
                return b.device;
            }
            Device d = registry.lookup(hi, lo, mac);
            if (registry.version() != v) return d; // it changed the registry: the entries are stale, this one too
            (aNewer ? b : a).set(v, hi, lo, mac, d);
            aNewer = !aNewer;
            return d;
        }

        /** One endpoint and the device behind it, found under the registry's {@code version} (-1: empty; versions start at 1). */
        private static final class Entry {
            long version = -1, hi, lo, mac;
            Device device;

            boolean is(long version, long hi, long lo, long mac) {
                return this.version == version && lo == this.lo && hi == this.hi && mac == this.mac;
            }

            void set(long version, long hi, long lo, long mac, Device device) {
                this.version = version;
                this.hi = hi;
                this.lo = lo;
                this.mac = mac;
                this.device = device;
            }
        }
    }

    /** A DNS response's A and AAAA answers, learned for the device it went to (which asked), with the name it asked for. */
    private final class Answers implements DnsAnswers.Sink {
        private PacketEvent p;
        private int device;
        private String name;
        private boolean named; // name read (once per response, at its first address: most answers are of known names)

        void read(PacketEvent packet, Device to) {
            p = packet;
            device = to.index();
            name = null;
            named = false;
            DnsAnswers.read(packet.payloadSegment(), packet.payloadOffset(), packet.payload(), this);
        }

        @Override
        public void address(long hi, long lo) {
            if (!named) {
                named = true;
                name = questionNames.answered(p.payloadSegment(), p.payloadOffset(), p.payload());
            }
            resolved.learn(device, hi, lo, p.tsMicros(), name);
        }
    }

    /**
     * Moves event time on to {@code micros} without a packet (a live capture on a quiet link, by the clock since the last
     * packet): flows past their deadline end and incidents advance as if a packet of that time had come.
     */
    public void idleUntil(long micros) {
        if (micros <= now) return;
        now = micros;
        tick();
    }

    private void tick() {
        if (lastTick != Long.MIN_VALUE && now - lastTick < TICK) return;
        lastTick = now;
        if (flowTable != null) flowTable.expire(now, deliver);
        for (Detector d : detectors) d.advance(now);
        incidents.advance(now);
        publish();
    }

    /** One small object per second of event time, so that another thread can show progress without touching the engine. */
    private void publish() {
        progress = new Progress(packets, flows, flowTable == null ? 0 : flowTable.size(), devices.size(), incidents.openCount(),
                incidents.openedCount());
    }

    /**
     * How far the engine is: what {@link #progress()} returns.
     *
     * @param packets       IP packets analysed
     * @param flowsEnded    flows delivered to the detectors (ended, or read from a flow input)
     * @param flowsOpen     flows in the flow table, not yet ended
     * @param devices       monitored devices seen (local addresses)
     * @param openIncidents incidents the detectors still see
     * @param incidents     incidents opened so far
     */
    public record Progress(long packets, long flowsEnded, int flowsOpen, int devices, int openIncidents, int incidents) {}

    /**
     * How far the engine is, as of its last tick (about once per second of event time) or the end of the input. Safe to
     * call from any thread, unlike everything else here: a live capture's progress line reads it (docs/live-capture.md).
     */
    public Progress progress() {
        return progress;
    }

    /** The input ended: detectors finish, every open incident is published and closed. */
    public void finish() {
        if (flowTable != null) flowTable.flush(deliver);
        for (Detector d : detectors) d.finish(now);
        incidents.finish();
        publish();
    }

    public List<Incident> incidents() {
        return incidents.incidents();
    }

    public DeviceRegistry devices() {
        return devices;
    }

    public List<Detector> detectors() {
        return List.copyOf(detectors);
    }

    public AnomalyScorer anomaly() {
        return anomaly;
    }

    /** The current event time, microseconds since the epoch (Long.MIN_VALUE before the first event). */
    public long now() {
        return now;
    }

    /** Flows delivered to detectors: read from inputs or ended by the flow table. */
    public long flows() {
        return flows;
    }

    /** What the run's bounds left out so far (devices, flows, detector keys, incidents in the report). */
    public RunLimits limits() {
        return new RunLimits(devices.untracked(), devices.untrackedIsEstimate(), devices.max(), evictedFlows(), settings.integer("watch.flow.max-flows"),
                stateBound.evicted(), stateBound.max(), incidents.dropped(), settings.integer("watch.incident.max-kept"));
    }

    /** Flows ended early because the flow table was full (0 for flow inputs). */
    public long evictedFlows() {
        return flowTable == null ? 0 : flowTable.evicted();
    }

    public long packets() {
        return packets;
    }
}
