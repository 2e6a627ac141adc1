package dev.warden.watch.eval;

import dev.warden.config.Settings;
import dev.warden.output.Table;
import dev.warden.watch.WatchEngine;
import dev.warden.watch.device.Device;
import dev.warden.watch.incident.Incident;
import dev.warden.watch.input.InputFiles;
import dev.warden.watch.intel.Indicators;
import dev.warden.watch.profile.Profiles;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Replays each labelled IoT-23 scenario through the engine and scores it against the labels, per dataset and host: true
 * and false positives, misses, and the time from the first malicious connection to the first alert. Like Caffeine's
 * simulator, this is how a change to a detector is judged; its output is kept as a golden file
 * ({@code src/test/resources/golden/eval.iot23.txt}), so a change in what Warden finds shows up as a diff.
 *
 * <p>Run: {@code warden evaluate IOT23_DIR [--intel INTEL_DIR]} (EvaluateCommand)
 * (defaults: {@code ../shared/data/iot23} and {@code ../shared/data/intel} relative to the project root).
 *
 * <p>Definitions. A host is a monitored device; a flow's labels belong to its originator when that is a device, else
 * to its responder. A host is infected when any of its flows is labelled Malicious. Verdicts: TP an infected host
 * flagged by a detector that matches one of its labels ({@link LabelMap}); FN (miss) an infected host not so flagged;
 * FP a host without malicious flows that has any incident; TN a clean host left alone. A labelled flow is covered by
 * an incident of its host when the incident names the flow's responder (as its key or a counterpart) and one of the
 * incident's evidence time ranges contains the flow. Time to detect: the first alert (the event time an incident was
 * opened) of a matching detector covering the label, minus the start of the first flow with that label.
 */
public final class Evaluation {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    /** One way of running the engine: a name for the report and the learning period (0: none). */
    public record Run(String name, long learnMicros) {}

    /** The configurations reported: the reference one, and learning each device for its first hour. */
    public static final List<Run> RUNS = List.of(new Run("reference configuration, no learning period", 0),
            new Run("reference configuration, --learn 1h (each device learned for its first hour)", 3_600_000_000L));

    private final Settings settings;
    private final Indicators intel;

    public Evaluation(Settings settings, Indicators intel) {
        this.settings = settings;
        this.intel = intel;
    }

    /** One labelled flow, as much of it as scoring needs. */
    private record Labelled(String uid, String host, String counterpart, int port, long start, long end, boolean malicious, String label) {}

    /** Scores of one host under one configuration. */
    public record HostResult(String run, String dataset, String host, boolean infected, String verdict) {}

    /**
     * Evaluates every {@code *.csv} under {@code dir}; returns the per-host verdicts (also printed). {@code intelDir} is
     * where the indicators came from, named in the header; null when there are none.
     */
    public List<HostResult> run(Path dir, Path intelDir, PrintStream out) throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".csv")).sorted().toList();
        }
        out.println("Warden watch evaluation on IoT-23 labelled conn.log files (Stratosphere Laboratory, CC BY 4.0)");
        out.println("data: " + dir.getFileName() + " (" + files.size() + " scenarios); intel: "
                + (intel.size() == 0 ? "none" : intelDir.getFileName() + " (" + intel.size() + " indicators)"));
        out.println("labels -> detectors that count as a match:");
        for (String l : LabelMap.describe()) out.println("  " + l);
        var all = new ArrayList<HostResult>();
        for (Run r : RUNS) {
            out.println();
            out.println("######## " + r.name() + " ########");
            var results = new ArrayList<HostResult>();
            for (Path f : files) results.addAll(dataset(r, f, out));
            out.println();
            long tp = count(results, "TP"), fn = count(results, "FN"), fp = count(results, "FP"), tn = count(results, "TN");
            out.printf(Locale.ROOT, "Summary (%s): hosts %d infected (TP %d, FN %d), %d clean (FP %d, TN %d)%n", r.name(), tp + fn, tp, fn, fp + tn, fp, tn);
            all.addAll(results);
        }
        return all;
    }

    private static long count(List<HostResult> r, String verdict) {
        return r.stream().filter(h -> h.verdict().equals(verdict)).count();
    }

    private List<HostResult> dataset(Run run, Path file, PrintStream out) throws IOException {
        String name = file.getFileName().toString().replace("-labeled.csv", "").replace(".csv", "");
        var config = WatchEngine.Config.defaults(settings).withIntel(intel).withProfiles(new Profiles(run.learnMicros()));
        WatchEngine engine = WatchEngine.build(config);
        var labelled = new ArrayList<Labelled>();
        var local = config.local();
        var stats = new InputFiles(settings.integer("watch.input.max-line-bytes"), null).read(file, engine, (flow, label, detailed) -> {
            boolean origIsDevice = local.isDevice(flow.src());
            String host = (origIsDevice ? flow.src() : flow.dst()).toString();
            String other = (origIsDevice ? flow.dst() : flow.src()).toString();
            boolean malicious = label != null && label.equalsIgnoreCase("malicious");
            labelled.add(new Labelled(flow.uid(), host, other, origIsDevice ? flow.dstPort() : flow.srcPort(), flow.startMicros(), flow.endMicros(),
                    malicious, malicious ? (detailed == null ? "Malicious" : detailed) : "Benign"));
        });
        engine.finish();
        if (labelled.isEmpty() && stats.records() > 0) {
            // scored against no labels, every host would be clean and every incident a false alarm
            throw new IOException(file + ": none of its " + stats.records() + " flows carries a label (no label or detailed-label column): "
                    + "not a labelled IoT-23 file");
        }
        List<Incident> incidents = engine.incidents();
        out.println();
        out.printf(Locale.ROOT, "== %s: %,d flows, %d skipped, %d incident(s) ==%n", name, stats.records(), stats.skipped(), incidents.size());

        var byHost = labelled.stream().collect(Collectors.groupingBy(Labelled::host, TreeMap::new, Collectors.toList()));
        var incidentsByHost = incidents.stream().collect(Collectors.groupingBy(i -> i.device().ip()));
        var hosts = new TreeSet<>(byHost.keySet());
        for (Device d : engine.devices().devices()) hosts.add(d.ip().toString());
        var uidLabel = new HashMap<String, String>();
        for (Labelled l : labelled) uidLabel.put(l.uid(), l.label());

        var rows = new ArrayList<String[]>();
        rows.add(new String[]{"HOST", "ROLE", "FLOWS", "MALICIOUS", "INCIDENTS", "VERDICT", "FIRST MALICIOUS", "FIRST ALERT", "TIME TO DETECT", "DETECTORS"});
        var results = new ArrayList<HostResult>();
        var details = new ArrayList<String>();
        for (String host : hosts) {
            List<Labelled> flows = byHost.getOrDefault(host, List.of());
            List<Incident> mine = incidentsByHost.getOrDefault(host, List.of());
            long malicious = flows.stream().filter(Labelled::malicious).count();
            boolean infected = malicious > 0;
            Set<String> expected = flows.stream().filter(Labelled::malicious).flatMap(l -> LabelMap.detectorsFor(l.label()).stream())
                    .collect(Collectors.toCollection(TreeSet::new));
            List<Incident> matching = mine.stream().filter(i -> expected.contains(i.detector())).toList();
            String verdict = infected ? (matching.isEmpty() ? "FN" : "TP") : (mine.isEmpty() ? "TN" : "FP");
            long firstMalicious = flows.stream().filter(Labelled::malicious).mapToLong(Labelled::start).min().orElse(Long.MIN_VALUE);
            long firstAlert = (infected ? matching : mine).stream().mapToLong(Incident::detectedAt).min().orElse(Long.MIN_VALUE);
            rows.add(new String[]{host, infected ? "infected" : "clean", Integer.toString(flows.size()), Long.toString(malicious),
                    Integer.toString(mine.size()), verdict, time(firstMalicious), time(firstAlert),
                    infected && firstAlert != Long.MIN_VALUE ? span(firstAlert - firstMalicious) : "-",
                    mine.isEmpty() ? "-" : mine.stream().map(Incident::detector).distinct().sorted().collect(Collectors.joining(" "))});
            results.add(new HostResult(run.name(), name, host, infected, verdict));
            if (!flows.isEmpty() && (infected || !mine.isEmpty())) details.addAll(labels(host, flows, mine));
            for (Incident i : mine) details.add(incidentLine(i, uidLabel));
        }
        Table.print(rows, out);
        if (!details.isEmpty()) {
            out.println();
            details.forEach(out::println);
        }
        return results;
    }

    /** Per label of one host: flows, coverage, matching detectors, time to detect. */
    private List<String> labels(String host, List<Labelled> flows, List<Incident> incidents) {
        var byLabel = flows.stream().collect(Collectors.groupingBy(Labelled::label, TreeMap::new, Collectors.toList()));
        var rows = new ArrayList<String[]>();
        rows.add(new String[]{"  " + host + " LABEL", "FLOWS", "COVERED", "BY MATCHING", "FIRST FLOW", "FIRST ALERT", "TIME TO DETECT", "DETECTED BY", "ALSO COVERED BY"});
        for (var e : byLabel.entrySet()) {
            String label = e.getKey();
            List<Labelled> ls = e.getValue();
            Set<String> expected = LabelMap.detectorsFor(label);
            var coveredBy = new TreeMap<String, Integer>();
            int covered = 0, coveredMatching = 0;
            long firstAlert = Long.MAX_VALUE;
            for (Labelled l : ls) {
                boolean any = false, match = false;
                for (Incident i : incidents) {
                    if (!covers(i, l)) continue;
                    any = true;
                    coveredBy.merge(i.detector(), 1, Integer::sum);
                    if (expected.contains(i.detector())) {
                        match = true;
                        firstAlert = Math.min(firstAlert, i.detectedAt());
                    }
                }
                if (any) covered++;
                if (match) coveredMatching++;
            }
            long first = ls.stream().mapToLong(Labelled::start).min().orElseThrow();
            String detectedBy = coveredBy.keySet().stream().filter(expected::contains).collect(Collectors.joining(" "));
            String also = coveredBy.entrySet().stream().filter(x -> !expected.contains(x.getKey()))
                    .map(x -> x.getKey() + " (" + x.getValue() + ")").collect(Collectors.joining(" "));
            boolean benign = label.equals("Benign");
            rows.add(new String[]{"  " + host + " " + label, Integer.toString(ls.size()), Integer.toString(covered),
                    benign ? "-" : Integer.toString(coveredMatching), time(first),
                    benign || firstAlert == Long.MAX_VALUE ? "-" : time(firstAlert),
                    benign || firstAlert == Long.MAX_VALUE ? "-" : span(firstAlert - first),
                    benign ? "-" : detectedBy.isEmpty() ? "MISSED" : detectedBy, also.isEmpty() ? "-" : also});
        }
        var buf = new java.io.ByteArrayOutputStream();
        Table.print(rows, new PrintStream(buf, true, StandardCharsets.UTF_8));
        return List.of(buf.toString(StandardCharsets.UTF_8).stripTrailing().split("\n"));
    }

    static boolean covers(Incident i, Labelled l) {
        String withPort = l.counterpart() + ":" + l.port();
        boolean names = i.key().equals(l.counterpart()) || i.key().equals(withPort) || i.counterparts().contains(l.counterpart())
                || i.counterparts().contains(withPort);
        if (!names) return false;
        for (Incident.TimeRange r : i.evidence().ranges()) if (l.start() <= r.end() && l.end() >= r.start()) return true;
        return false;
    }

    private static String incidentLine(Incident i, Map<String, String> uidLabel) {
        var tally = new LinkedHashMap<String, Integer>();
        for (String uid : i.evidence().flowIds()) tally.merge(uidLabel.getOrDefault(uid, "?"), 1, Integer::sum);
        String sample = tally.entrySet().stream().map(e -> e.getValue() + " " + e.getKey()).collect(Collectors.joining(", "));
        return String.format(Locale.ROOT, "  %s %s %s %s: opened %s, %,d flows; evidence sample labelled: %s", i.id(), i.device().ip(), i.detector(),
                i.key(), time(i.detectedAt()), i.evidence().flows(), sample.isEmpty() ? "none" : sample);
    }

    static String time(long micros) {
        if (micros == Long.MIN_VALUE || micros == Long.MAX_VALUE) return "-";
        return TIME.format(Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000)));
    }

    /** 45 s, 6 min 20 s, 2 h 05 min. */
    static String span(long micros) {
        long s = Math.round(micros / 1e6);
        String sign = s < 0 ? "-" : "";
        s = Math.abs(s);
        if (s < 120) return sign + s + " s";
        if (s < 7200) return sign + (s / 60) + " min " + (s % 60) + " s";
        return String.format(Locale.ROOT, "%s%d h %02d min", sign, s / 3600, (s % 3600) / 60);
    }

}
