package dev.warden.cli;

import dev.warden.capture.CaptureException;
import dev.warden.capture.LinkType;
import dev.warden.capture.LiveCapture;
import dev.warden.config.IoProblems;
import dev.warden.config.Settings;
import dev.warden.label.SigningKey;
import dev.warden.ledger.Ledger;
import dev.warden.watch.incident.IncidentRecorder;
import dev.warden.watch.incident.PcapExcerpts;
import dev.warden.watch.input.InputFiles;
import dev.warden.watch.input.InputFormat;
import dev.warden.output.Format;
import dev.warden.store.Store;
import dev.warden.watch.WatchEngine;
import dev.warden.watch.WatchSession;
import dev.warden.watch.device.KnownDevice;
import dev.warden.watch.device.LocalNetworks;
import dev.warden.watch.intel.Indicators;
import dev.warden.watch.profile.Profiles;
import dev.warden.watch.alert.SyslogSink;
import dev.warden.watch.alert.WebhookSink;
import dev.warden.watch.incident.Incident;
import dev.warden.watch.incident.IncidentListener;
import dev.warden.watch.input.ReadStats;
import dev.warden.watch.netflow.DatagramFiles;
import dev.warden.watch.netflow.FlowDecoder;
import dev.warden.watch.netflow.NetFlowCollector;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;

@Command(name = "watch", mixinStandardHelpOptions = true,
        description = {"Say which devices have been taken over (Mirai-class bots), from their traffic.",
                "Reads pcap and pcapng captures, Zeek conn.log (TSV, JSON, or CSV like IoT-23's)",
                "and NetFlow/IPFIX files, recognised by content; captures live from an interface",
                "(libpcap) or listens for NetFlow v5/v9 and IPFIX over UDP.",
                "Reports scanning, password guessing, DDoS by vector, C&C contact, infection,",
                "and what a device never did before (docs/watch.md). Monitored devices are",
                "the private and link-local addresses unless --local says otherwise."},
        footer = {"", "Exit codes: 0 no incident, 1 at least one incident, 2 wrong command line,",
                "3 could not run.",
                "", "Examples:",
                "  warden watch conn.log",
                "  warden watch --format jsonl --intel intel/ conn.log.gz > incidents.jsonl",
                "  warden watch --local 10.20.0.0/16 logs/*.log",
                "  warden watch --netflow 0.0.0.0:2055 --for 1h      (a router exports to us)",
                "  warden watch -i eth1 --filter 'not port 22' --duration 1h  (root/CAP_NET_RAW)",
                "  warden watch --learn 24h --profile home.json monday.log      (learn a day)",
                "  warden watch --profile home.json tuesday.log      (judge by what it learned)"})
public final class WatchCommand implements Callable<Integer> {
    @Parameters(paramLabel = "PATH", arity = "0..*", description = "Inputs to read, in order: pcap/pcapng captures, Zeek conn.log (TSV, JSON or CSV), NetFlow/IPFIX datagram files; gzip is fine for flow files; - is standard input")
    List<Path> paths = new ArrayList<>();

    @Option(names = {"-f", "--format"}, paramLabel = "FORMAT", defaultValue = "table", description = "table, jsonl or csv (default table)")
    String format;

    @Option(names = "--local", paramLabel = "CIDR,...", description = "Monitored device addresses (default: private and link-local ranges, watch.local)")
    String local;

    @Option(names = "--intel", paramLabel = "DIR", description = "Threat-intel lists: cncserverlist, downloadserverlist, loaderlist (docs/watch.md)")
    Path intel;

    @Option(names = "--learn", paramLabel = "DURATION", description = "Learn each device for this long from its first flow (e.g. 1h, 7d); then report what is new")
    String learn;

    @Option(names = "--profile", paramLabel = "FILE", description = "Learned profiles: read at start when the file exists, written at the end")
    Path profile;

    @Option(names = "--netflow", paramLabel = "[HOST:]PORT", description = "After the files, listen for NetFlow v5/v9 and IPFIX on this UDP port (host 127.0.0.1 unless given; 0.0.0.0 for all)")
    String netflow;

    @Option(names = {"-i", "--interface"}, paramLabel = "IFACE", description = "After the files, capture packets live from this interface via libpcap (any for all; needs root or CAP_NET_RAW; docs/live-capture.md)")
    String iface;

    @Option(names = "--filter", paramLabel = "BPF", description = "With --interface: capture only what this BPF expression matches (tcpdump syntax)")
    String filter;

    @Option(names = "--packets", paramLabel = "N", description = "With --interface: stop after N packets")
    Long maxPackets;

    @Option(names = {"--for", "--duration"}, paramLabel = "DURATION", description = "With --netflow or --interface: stop after this long (default: until interrupted)")
    String listenFor;

    @Option(names = "--syslog", paramLabel = "HOST:PORT", description = "Send each incident as an RFC 5424 syslog message over UDP")
    String syslog;

    @Option(names = "--webhook", paramLabel = "URL", description = "POST each incident as JSON to this http(s) URL")
    String webhook;

    @Option(names = "--no-store", description = "Do not record the run and its incidents in the database and evidence ledger")
    boolean noStore;

    @Option(names = "--excerpts", paramLabel = "DIR", description = "Write each incident's packets to DIR/ID.pcap (packet captures only; default HOME/evidence/RUN when the run is stored)")
    Path excerpts;

    @Mixin
    HomeOptions home = new HomeOptions();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Where the report and messages go; the API's watch jobs (warden serve) point them elsewhere. */
    java.io.PrintStream out = System.out, err = System.err;
    /** The stored run of the last call, or null (--no-store, or it failed before starting). */
    String runId;
    /** Incidents the last call reported. */
    int incidentCount;

    @Override
    public Integer call() throws Exception {
        if (paths.isEmpty() && netflow == null && iface == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "give PATH..., --interface IFACE or --netflow PORT");
        }
        checkLiveOptions();
        Format f = checkOptionValues();
        var settings = home.settings();
        for (Path p : paths) {
            if (isStandardInput(p)) continue;
            if (Files.isDirectory(p)) throw new IllegalArgumentException("cannot read " + p + ": a directory (give the files in it)");
            if (!Files.isReadable(p)) throw new IllegalArgumentException("cannot read " + p + ": no such file or not readable");
        }
        Clock clock = Clock.systemUTC();
        Path spool = null;
        Store store = null;
        Ledger ledger = null;
        try {
            inputs = new ArrayList<>();
            for (Path p : paths) {
                boolean stdin = isStandardInput(p);
                if (!stdin && Files.isRegularFile(p)) {
                    inputs.add(p);
                    continue;
                }
                // a pipe, FIFO or standard input can be read once only, and formats are told by their first bytes and
                // captures re-read for excerpts: it is copied to a temporary file first, removed at the end
                if (spool == null) {
                    spool = Files.createTempDirectory("warden-input-");
                    spool.toFile().deleteOnExit(); // also when Ctrl-C ends the run (the finally below does not run then)
                }
                Path copy = spool.resolve(inputs.size() + "-" + (stdin ? "stdin" : p.getFileName()));
                copy.toFile().deleteOnExit(); // registered after the folder, so removed before it
                try (var in = stdin ? System.in : Files.newInputStream(p)) {
                    long n = Files.copy(in, copy);
                    err.println("warden: " + shownName(p) + " is not a regular file: read through a temporary copy ("
                            + String.format(java.util.Locale.ROOT, "%,d", n) + " bytes)");
                }
                inputs.add(copy);
            }
            store = noStore ? null : home.openStore();
            if (store != null) ledger = home.openLedger(SigningKey.loadOrCreate(home.home().resolve("keys")), clock);
            return run(f, settings, clock, store, ledger);
        } finally {
            if (ledger != null) ledger.close();
            if (store != null) store.close();
            if (spool != null) {
                try (var files = Files.list(spool)) {
                    for (Path p : files.toList()) Files.deleteIfExists(p);
                }
                Files.deleteIfExists(spool);
            }
        }
    }

    /** "-" among the paths: standard input. */
    private static boolean isStandardInput(Path p) {
        return p.toString().equals("-");
    }

    /** What messages and stats call standard input. */
    private static final String STANDARD_INPUT = "standard input";

    /** A given path as messages and stats name it: as given, or "standard input" for "-". */
    private static String shownName(Path p) {
        return isStandardInput(p) ? STANDARD_INPUT : p.toString();
    }

    /** The files read, in order: the given paths, with a temporary copy in place of each pipe or of "-". */
    private List<Path> inputs = List.of();

    private int run(Format f, Settings settings, Clock clock, Store store, Ledger ledger) throws Exception {
        var config = WatchEngine.Config.defaults(settings).withKnown(knownDevices(store)).withOui(dev.warden.identify.OuiRegistry.load());
        if (local != null) config = config.withLocal(LocalNetworks.parse(local));
        if (intel != null) {
            Indicators in = Indicators.load(intel);
            for (String p : in.problems()) err.println("warden: intel: " + p);
            config = config.withIntel(in);
        }
        long learnMicros = (learn != null ? Settings.parseDuration(learn) : settings.duration("watch.profile.learn")).toNanos() / 1000;
        Profiles profiles = profile != null ? Profiles.load(profile, learnMicros) : new Profiles(learnMicros);
        config = config.withProfiles(profiles);
        runId = store == null ? null : store.beginWatch(clock.instant(), describeInputs());
        try {
            return run(f, settings, clock, store, ledger, config, profiles);
        } catch (Exception | Error e) {
            // the run is in the store: it is finished as failed, with why, rather than left "unfinished" for good
            if (store != null && !finishedRun) {
                try {
                    store.finishWatch(runId, clock.instant(), new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(
                            java.util.Map.of("failed", e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())));
                } catch (RuntimeException | java.io.IOException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw e;
        }
    }

    /** Whether the stored run was finished (so that a failure after it does not mark it failed). */
    private boolean finishedRun;

    private int run(Format f, Settings settings, Clock clock, Store store, Ledger ledger, WatchEngine.Config config, Profiles profiles) throws Exception {
        var limits = new FlowDecoder.Limits(settings.integer("watch.netflow.max-templates"), settings.integer("watch.netflow.pending-bytes"),
                settings.duration("watch.netflow.pending-timeout").toNanos() / 1000);
        int maxDatagram = settings.integer("watch.netflow.max-datagram-bytes");
        var listeners = new ArrayList<IncidentListener>();
        IncidentRecorder recorder = store == null ? null : new IncidentRecorder(store, ledger, runId, clock);
        if (recorder != null) listeners.add(recorder);
        try {
            if (netflow != null || iface != null) listeners.add(new LiveLines(err));
            if (syslog != null) {
                listeners.add(new SyslogSink(SyslogSink.parseTarget(syslog), settings.integer("watch.alert.syslog-facility"),
                        settings.integer("watch.alert.syslog-max-bytes"), hostname()));
            }
            if (webhook != null) {
                URI uri;
                try {
                    uri = new URI(webhook);
                } catch (URISyntaxException e) {
                    throw new IllegalArgumentException("--webhook '" + webhook + "' is not a URL");
                }
                listeners.add(new WebhookSink(uri, settings.duration("watch.alert.webhook-timeout"), settings.integer("watch.alert.webhook-queue")));
            }
            config = config.withListeners(listeners);
            var session = new WatchSession(config, new DatagramFiles(limits, maxDatagram));
            if (runId != null) session.engine().incidentIdPrefix(runId + "-I");
            for (int i = 0; i < inputs.size(); i++) {
                session.read(inputs.get(i), shownName(paths.get(i)), err);
            }
            if (netflow != null) {
                listen(session, limits, maxDatagram, settings.integer("watch.netflow.receive-buffer-bytes"), settings.integer("watch.netflow.queue-bytes"));
            }
            String captureFailure = iface != null ? capture(session, settings) : null;
            var incidents = session.finish();
            incidentCount = incidents.size();
            // what is written beside the report may fail (a full disk, a folder removed meanwhile): the report and
            // the stored run are kept all the same, and the failure is named after them
            var failures = new ArrayList<String>();
            if (profile != null) {
                try {
                    profiles.save(profile);
                } catch (java.io.IOException | java.io.UncheckedIOException e) {
                    failures.add("cannot write the learned profiles to " + profile + ": " + IoProblems.reason(e));
                }
            }
            try {
                writeExcerpts(settings, runId, recorder, incidents);
            } catch (java.io.IOException | java.io.UncheckedIOException e) {
                failures.add("cannot write pcap excerpts to " + excerptDirectory() + ": " + IoProblems.describe(e));
            }
            if (store != null) {
                store.finishWatch(runId, clock.instant(), new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(session.totals()));
                finishedRun = true;
                long stored = incidents.size() + session.limits().droppedIncidents();
                err.println("warden: recorded run " + runId + " (" + dev.warden.watch.detect.Text.plural(stored, "incident", "incidents")
                        + ") in " + home.describeStore()
                        + (ledger != null ? " and the evidence ledger" : ""));
            }
            session.print(f, out);
            out.flush();
            // the table says it too; JSON Lines and CSV readers would not see it in the output they parse
            if (f != Format.TABLE) for (String limit : session.limits().sentences()) err.println("warden: " + limit);
            if (captureFailure != null) failures.add(captureFailure);
            for (String failure : failures) err.println("warden: " + failure);
            if (!failures.isEmpty()) return ExitCodes.ERROR;
            return incidents.isEmpty() ? ExitCodes.OK : ExitCodes.FINDINGS;
        } finally {
            if (liveStop != null) liveStop.close();
            for (IncidentListener l : listeners) l.close();
            for (IncidentListener l : listeners) {
                if (l instanceof WebhookSink w && (w.failed() > 0 || w.dropped() > 0 || w.abandoned() > 0)) {
                    err.println("warden: webhook " + w.url() + ": " + w.sent() + " sent, " + w.failed() + " failed"
                            + (w.lastFailure() == null ? "" : " (last: " + w.lastFailure() + ")") + ", " + w.dropped() + " dropped (queue full), "
                            + w.abandoned() + " not sent when the run ended (the receiver did not keep up)");
                }
                if (l instanceof SyslogSink sl && sl.failed() > 0) err.println("warden: syslog: " + sl.failed() + " messages could not be sent");
            }
        }
    }

    /**
     * Every option value is checked before anything is read, opened or created: a wrong one is a usage error (exit 2)
     * naming the option, and a run is never spent only to fail at its end on where its results were to go.
     */
    private Format checkOptionValues() {
        var cl = spec.commandLine();
        try {
            Format f = Format.parse(format);
            if (learn != null) Settings.parseDuration(learn); // --for is checked with the other live options
            if (local != null) LocalNetworks.parse(local);
            if (netflow != null) listenAddress(netflow);
            if (syslog != null) SyslogSink.parseTarget(syslog);
            if (webhook != null) WebhookSink.checkTarget(new URI(webhook));
            if (excerpts != null && Files.exists(excerpts) && !Files.isDirectory(excerpts)) {
                throw new IllegalArgumentException("--excerpts " + excerpts + ": exists and is not a directory");
            }
            if (excerpts != null) writableAncestor("--excerpts", excerpts);
            if (profile != null && Files.isDirectory(profile)) throw new IllegalArgumentException("--profile " + profile + ": is a directory, not a file");
            if (profile != null) writableAncestor("--profile", profile.toAbsolutePath().getParent());
            return f;
        } catch (URISyntaxException e) {
            throw new CommandLine.ParameterException(cl, "--webhook '" + webhook + "' is not a URL");
        } catch (IllegalArgumentException | Settings.SettingsException e) {
            String m = e.getMessage();
            if (learn != null && m.contains("'" + learn + "'")) m = "--learn: " + m;
            throw new CommandLine.ParameterException(cl, m);
        }
    }

    /** The nearest existing folder at or above {@code dir} must be a folder this user may write into. */
    private static void writableAncestor(String option, Path dir) {
        Path p = dir.toAbsolutePath();
        while (p != null && !Files.exists(p)) p = p.getParent();
        if (p == null || !Files.isDirectory(p) || !Files.isWritable(p)) {
            throw new IllegalArgumentException(option + " " + dir + ": cannot create or write files there" + (p == null ? "" : " (" + p
                    + (Files.isDirectory(p) ? " is not writable)" : " is not a directory)")));
        }
    }

    /** Where pcap excerpts (and a live capture's spool) go: --excerpts DIR, or HOME/evidence/RUN for a stored run. */
    private Path excerptDirectory() {
        return excerpts != null ? excerpts : runId != null ? home.home().resolve("evidence").resolve(runId) : null;
    }

    /** The file a live capture's packets were kept in, or null. */
    private Path spooled;

    private void writeExcerpts(Settings settings, String runId, IncidentRecorder recorder, List<Incident> incidents) throws java.io.IOException {
        var captures = new ArrayList<Path>();
        for (Path p : inputs) if (InputFiles.formatOf(p) == InputFormat.PACKET_CAPTURE) captures.add(p);
        if (spooled != null) captures.add(spooled);
        Path dir = excerptDirectory();
        if (captures.isEmpty() || incidents.isEmpty() || dir == null) return;
        var limits = new PcapExcerpts.Limits(settings.integer("watch.excerpt.max-packets"), settings.integer("watch.excerpt.max-megabytes") * 1024L * 1024L);
        var written = PcapExcerpts.write(captures, incidents, dir, limits);
        if (recorder != null) for (var e : written) recorder.excerpt(e);
        if (written.isEmpty()) return;
        // what the caps and the file's link layer left out is said, as the run's other bounds are
        long cut = written.stream().filter(PcapExcerpts.Excerpt::truncated).count();
        long otherLink = written.stream().mapToLong(PcapExcerpts.Excerpt::otherLinkType).sum();
        err.println("warden: wrote " + dev.warden.watch.detect.Text.plural(written.size(), "pcap excerpt", "pcap excerpts") + " to " + dir
                + (cut > 0 ? "; " + cut + " cut at watch.excerpt.max-packets (" + String.format(java.util.Locale.ROOT, "%,d", limits.maxPackets())
                        + ") or watch.excerpt.max-megabytes (" + settings.integer("watch.excerpt.max-megabytes") + ")" : "")
                + (otherLink > 0 ? "; " + String.format(java.util.Locale.ROOT, "%,d", otherLink) + " packets of another link type left out" : ""));
    }

    private String describeInputs() {
        var parts = new ArrayList<String>();
        // as absolute paths: a stored run is read later, from elsewhere, by reports that cite what it read
        for (Path p : paths) parts.add(isStandardInput(p) ? STANDARD_INPUT : p.toAbsolutePath().normalize().toString());
        if (netflow != null) parts.add("netflow udp " + netflow);
        if (iface != null) parts.add("interface " + iface + (filter != null ? " (" + filter + ")" : ""));
        return String.join(", ", parts);
    }

    private LiveStop liveStop;

    /** Live-capture options make sense only with --interface; a filter that does not compile is a usage error at once. */
    private void checkLiveOptions() throws java.io.IOException {
        var cl = spec.commandLine();
        if (iface == null && (filter != null || maxPackets != null)) throw new CommandLine.ParameterException(cl, "--filter and --packets need --interface");
        if (iface == null && netflow == null && listenFor != null) throw new CommandLine.ParameterException(cl, "--for needs --interface or --netflow: files are read to their end");
        if (iface != null && netflow != null) throw new CommandLine.ParameterException(cl, "--interface and --netflow cannot be combined: one live source per run");
        if (maxPackets != null && maxPackets <= 0) throw new CommandLine.ParameterException(cl, "--packets must be at least 1");
        if (iface != null && iface.isBlank()) throw new CommandLine.ParameterException(cl, "--interface needs an interface name (lo, eth0, any)");
        if (listenFor != null) {
            try {
                if (Settings.parseDuration(listenFor).isZero()) throw new IllegalArgumentException("'" + listenFor + "' is no time at all");
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(cl, "--for: " + e.getMessage());
            }
        }
        if (iface == null) return;
        // Compiled for Ethernet before anything runs (no privilege needed); compiled again for the interface's own link type.
        if (filter != null) {
            try {
                LiveCapture.checkFilter(filter, LinkType.ETHERNET);
            } catch (CaptureException e) {
                if (e.source().equals("filter")) throw new CommandLine.ParameterException(cl, "--filter " + e.getMessage().substring("filter: ".length()));
                throw new java.io.IOException(e.getMessage());
            }
        }
        liveStop = new LiveStop(java.time.Duration.ofSeconds(30));
    }

    /**
     * Captures from --interface into the session until Ctrl-C, --duration or --packets; prints libpcap's counters.
     *
     * @return null, or why the capture ended early (the report is still printed; the exit code says it failed)
     */
    private String capture(WatchSession session, Settings settings) throws java.io.IOException {
        // a snap length shorter than the headers captures packets and analyses none; a read timeout of 0 (which would
        // wait for a full buffer) is refused by Settings.duration, as every watch.* duration of 0 is
        int snap = settings.integer("watch.capture.snap-bytes");
        if (snap < 96) {
            throw new Settings.SettingsException("setting 'watch.capture.snap-bytes' = '" + snap
                    + "' is too short for the headers Warden reads (at least 96 bytes; 65535 keeps whole packets)");
        }
        var options = new LiveCapture.Options(snap, settings.flag("watch.capture.promiscuous"),
                settings.integer("watch.capture.buffer-bytes"), (int) settings.duration("watch.capture.read-timeout").toMillis(),
                settings.flag("watch.capture.immediate"), filter, maxPackets == null ? 0 : maxPackets);
        java.time.Duration statsInterval = settings.duration("watch.capture.stats-interval"); // a bad value is reported before capturing
        LiveCapture opened;
        try {
            opened = LiveCapture.open(iface, options);
        } catch (CaptureException e) {
            throw new java.io.IOException(e.getMessage()); // one line naming the interface and the problem, exit 3
        }
        try (LiveCapture capture = opened) {
            if (capture.warning() != null) err.println("warden: " + iface + ": " + capture.warning());
            err.println("warden: capturing on " + iface + " (" + LinkType.name(capture.linkType()) + ", " + capture.libraryVersion() + ")"
                    + (filter == null ? "" : " matching '" + filter + "'")
                    + (maxPackets != null ? " for " + maxPackets + " packets" : "") + (listenFor != null ? " for at most " + listenFor : "")
                    + "; Ctrl-C stops and reports");
            Thread timer = null;
            if (listenFor != null) {
                long millis = Settings.parseDuration(listenFor).toMillis();
                timer = Thread.ofPlatform().daemon().name("warden-capture-timer").start(() -> {
                    try {
                        Thread.sleep(millis);
                        capture.stop();
                    } catch (InterruptedException e) {
                        // the capture ended first
                    }
                });
            }
            liveStop.onStop(capture::stop);
            String failure = null;
            // the packets are kept (up to watch.capture.spool-megabytes) so that incidents get pcap excerpts as for files
            Path dir = excerptDirectory();
            dev.warden.capture.SpooledSource spool = null;
            if (dir != null) {
                Files.createDirectories(dir);
                spooled = dir.resolve("capture-" + iface.replaceAll("[^A-Za-z0-9_.-]", "_") + ".pcap");
                spool = new dev.warden.capture.SpooledSource(capture, dev.warden.capture.PcapWriter.create(spooled, capture.linkType(),
                        dev.warden.capture.PcapWriter.Precision.NANOS), settings.integer("watch.capture.spool-megabytes") * 1024L * 1024L);
            }
            // a line every watch.capture.stats-interval while the capture runs, from a thread that only reads counters
            var progress = dev.warden.watch.CaptureProgress.start(iface, statsInterval, System::nanoTime,
                    session.engine()::progress, capture::stats, err::println);
            try {
                session.read(capture, spool, System::nanoTime); // a quiet link still moves event time on, by the clock
            } catch (CaptureException e) {
                failure = e.getMessage();
            } finally {
                progress.close();
                liveStop.onStop(() -> {});
                if (timer != null) timer.interrupt();
                if (spool != null) {
                    spool.close();
                    if (spool.notWritten() > 0) {
                        err.println("warden: " + iface + ": " + spool.notWritten() + " packets not kept in " + spooled
                                + " (watch.capture.spool-megabytes reached); their incidents' excerpts may be incomplete");
                    }
                }
            }
            var stats = session.inputs().getLast();
            err.println("warden: " + iface + ": " + stats.records() + " IP packets analysed; libpcap: "
                    + (stats.captureStats() == null ? "no counters" : stats.captureStats().summary()));
            return failure;
        }
    }

    private static String hostname() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return "-";
        }
    }

    private void listen(WatchSession session, FlowDecoder.Limits limits, int maxDatagram, int receiveBuffer, long queueBytes) throws Exception {
        var address = listenAddress(netflow);
        long until = listenFor == null ? Long.MAX_VALUE : System.nanoTime() + Settings.parseDuration(listenFor).toNanos();
        var stop = new AtomicBoolean();
        // Ctrl-C or SIGTERM stops the listening, and the exit waits until the report is printed (as for --interface):
        // the hook used to wait only for this method, and the JVM exited before the report
        if (liveStop == null) liveStop = new LiveStop(java.time.Duration.ofSeconds(30));
        liveStop.onStop(() -> stop.set(true));
        try (var collector = new NetFlowCollector(address, limits, maxDatagram, receiveBuffer, queueBytes)) {
            err.println("warden: listening for NetFlow/IPFIX on udp " + collector.address().getHostString() + ":" + collector.port()
                    + (listenFor == null ? " until interrupted" : " for " + listenFor));
            int granted = collector.receiveBufferBytes();
            if (granted >= 0 && granted < receiveBuffer) {
                err.println("warden: the kernel granted the socket a receive buffer of " + granted / 1024 + " KiB, not the " + receiveBuffer / 1024
                        + " KiB of watch.netflow.receive-buffer-bytes: a burst of exports may be lost (and is counted if so); "
                        + "raise the limit with sysctl -w net.core.rmem_max=" + receiveBuffer);
            }
            collector.run(session.flows(), () -> stop.get() || System.nanoTime() > until, 200);
            collector.finish();
            var stats = new ReadStats("udp:" + collector.port(), "NetFlow/IPFIX over UDP");
            collector.stats().addTo(stats);
            session.add(stats);
            err.println("warden: " + collector.stats().summary());
        } catch (java.net.BindException e) {
            throw new IllegalStateException("cannot listen on udp " + address.getHostString() + ":" + address.getPort() + ": " + e.getMessage(), e);
        }
    }

    static InetSocketAddress listenAddress(String spec) {
        int colon = spec.lastIndexOf(':');
        String host = colon < 0 ? "127.0.0.1" : spec.substring(0, colon).replace("[", "").replace("]", "");
        int port;
        try {
            port = Integer.parseInt(spec.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--netflow '" + spec + "': expected [HOST:]PORT");
        }
        if (port < 0 || port > 65535) throw new IllegalArgumentException("--netflow '" + spec + "': port out of range");
        var literal = dev.warden.target.Addresses.literal(host);
        if (literal.isEmpty()) {
            throw new IllegalArgumentException("--netflow '" + spec + "': " + (host.matches("[0-9.]+") ? "'" + host + "' is not an IPv4 address"
                    : "the host must be an address, not a name"));
        }
        return new InetSocketAddress(literal.get(), port);
    }

    /** With --netflow, each incident is announced on stderr when it opens; the full report follows at the end. */
    private record LiveLines(java.io.PrintStream err) implements IncidentListener {
        @Override
        public void opened(Incident i) {
            err.println("warden: incident " + i.id() + " " + i.severity().label() + " " + i.detector() + " " + i.device().ip() + ": " + i.explanation());
        }
    }

    /** Names and audit label grades from the store; with --no-store, from the database if there is one (never created). */
    private List<KnownDevice> knownDevices(Store open) {
        if (open != null) return knownDevices(open.devices());
        boolean jdbc = home.db != null && home.db.startsWith("jdbc:");
        Path file = home.db != null && !jdbc ? Path.of(home.db) : home.home().resolve("warden.db");
        if (!jdbc && !Files.exists(file)) return List.of();
        try (Store store = home.openStore()) {
            return knownDevices(store.devices());
        }
    }

    private static List<KnownDevice> knownDevices(List<Store.DeviceRow> rows) {
        var known = new ArrayList<KnownDevice>();
        for (var r : rows) {
            String name = r.manufacturer() == null ? null : r.manufacturer() + (r.model() == null ? "" : " " + r.model());
            known.add(new KnownDevice(r.ip(), r.mac(), name, r.grade()));
        }
        return known;
    }
}
