package dev.warden.watch.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.output.Csv;
import dev.warden.output.Format;
import dev.warden.output.Table;
import dev.warden.watch.RunLimits;
import dev.warden.watch.detect.Text;
import dev.warden.watch.device.Device;
import dev.warden.watch.device.DeviceRef;
import dev.warden.watch.incident.Incident;
import dev.warden.watch.input.ReadStats;

import java.io.PrintStream;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Prints what {@code warden watch} found: a table for people (incidents ranked by severity, then anomaly score), JSON
 * Lines for programs (a {@code watch} summary, one {@code input} line per input, one {@code incident} line each, with
 * a {@code device} object holding ip and mac), or CSV (one row per incident). docs/watch.md lists every field.
 */
public final class IncidentReport {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter TABLE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    /** What a run saw, for the summary line, and what its bounds left out ({@link RunLimits}). */
    public record Summary(List<ReadStats> inputs, long flows, long packets, List<Device> devices, RunLimits limits, long firstEvent, long lastEvent) {
        public Summary(List<ReadStats> inputs, long flows, long packets, List<Device> devices, long firstEvent, long lastEvent) {
            this(inputs, flows, packets, devices, RunLimits.NONE, firstEvent, lastEvent);
        }
    }

    private IncidentReport() {}

    public static void print(Format format, Summary summary, List<Incident> incidents, PrintStream out) {
        switch (format) {
            case TABLE -> table(summary, incidents, out);
            case JSONL -> jsonl(summary, incidents, out);
            case CSV -> csv(incidents, out);
        }
    }

    /** Severity first, then the anomaly score (ranking only), then the order incidents opened (the sort is stable). */
    public static List<Incident> ranked(List<Incident> incidents) {
        var list = new ArrayList<>(incidents);
        list.sort(Comparator.comparing(Incident::severity).reversed()
                .thenComparing(Comparator.comparingDouble(Incident::anomalyScore).reversed()));
        return list;
    }

    // ---- table -------------------------------------------------------------------------------------------------

    static void table(Summary s, List<Incident> incidents, PrintStream out) {
        long affected = incidents.stream().map(i -> deviceKey(i.device().ip(), i.device().mac())).distinct().count();
        out.printf(Locale.ROOT, "Watched %s%s from %s: %s, %s on %s%s%n",
                Text.plural(s.flows(), "flow", "flows"), s.packets() > 0 ? " and " + Text.plural(s.packets(), "packet", "packets") : "",
                Text.plural(s.inputs().size(), "input", "inputs"), Text.plural(s.devices().size(), "device", "devices"),
                Text.plural(incidents.size(), "incident", "incidents"), Text.plural(affected, "device", "devices"),
                s.firstEvent() == Long.MIN_VALUE || s.flows() + s.packets() == 0 ? ""
                        : " (traffic from " + tableTime(s.firstEvent()) + " to " + tableTime(s.lastEvent()) + " UTC)");
        for (ReadStats r : s.inputs()) if (r.skipped() > 0 || r.hasLoss()) out.println("  " + r.summary());
        for (ReadStats r : s.inputs()) if (r.captureStats() != null) out.println("  " + r.source() + ": " + r.captureStats().summary());
        for (String limit : s.limits().sentences()) out.println("  " + limit);
        if (!incidents.isEmpty()) {
            out.println();
            var rows = new ArrayList<String[]>();
            rows.add(new String[]{"ID", "DEVICE", "SEVERITY", "DETECTOR", "FIRST SEEN (UTC)", "LAST SEEN", "COUNTERPART", "ANOMALY", "WHAT HAPPENED"});
            for (Incident i : ranked(incidents)) {
                int others = i.counterparts().size() - 1;
                String counterpart = i.counterparts().isEmpty() ? "-" : i.counterparts().getFirst()
                        + (others > 0 || i.moreCounterparts() ? " +" + others + (i.moreCounterparts() ? "..." : "") : "");
                rows.add(new String[]{i.id(), i.device().describe(), i.severity().label(), i.detector(), tableTime(i.firstSeen()),
                        tableTime(i.lastSeen()), counterpart, i.anomalyScore() < 0 ? "-" : String.format(Locale.ROOT, "%.0f", i.anomalyScore()),
                        i.explanation()});
            }
            Table.print(rows, out);
        }
        // A device is its MAC where one was seen, else its address: several devices may share an address (a victim's
        // address rewritten in a capture, DHCP handing it on), and each row counts only its own incidents.
        var byDevice = incidents.stream().collect(Collectors.groupingBy(i -> deviceKey(i.device().ip(), i.device().mac()),
                LinkedHashMap::new, Collectors.toList()));
        if (!byDevice.isEmpty()) {
            out.println();
            out.println("DEVICES WITH INCIDENTS");
            var rows = new ArrayList<String[]>();
            rows.add(new String[]{"IP", "MAC", "VENDOR", "NAMES", "AUDIT LABEL", "FLOWS", "INCIDENTS", "DETECTORS"});
            for (Device d : s.devices()) {
                List<Incident> own = byDevice.get(deviceKey(d.ip().toString(), d.macText()));
                if (own == null) continue;
                String detectors = own.stream().map(Incident::detector).distinct().collect(Collectors.joining(" "));
                rows.add(new String[]{d.ip().toString(), d.macText() == null ? "-" : d.macText(), d.vendor() == null ? "-" : d.vendor(),
                        names(d.names()), d.label() == null ? "-" : d.label(), String.format(Locale.ROOT, "%,d", d.flows()), Integer.toString(own.size()), detectors});
            }
            Table.print(rows, out);
        }
        if (incidents.isEmpty()) {
            out.println();
            out.println("No incident: no device behaved like a taken-over one.");
        }
    }

    /** The first names a device is known by, for a table cell; the JSON Lines device record has them all. */
    private static String names(List<String> names) {
        if (names.isEmpty()) return "-";
        String shown = String.join(", ", names.subList(0, Math.min(2, names.size())));
        return names.size() > 2 ? shown + " +" + (names.size() - 2) : shown;
    }

    /** Which device an incident or registry entry is: address and MAC (null when none was seen). */
    private static String deviceKey(String ip, String mac) {
        return mac == null ? ip : ip + " " + mac;
    }

    private static String tableTime(long micros) {
        return TABLE_TIME.format(instant(micros));
    }

    static Instant instant(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000), Math.floorMod(micros, 1_000_000) * 1000L);
    }

    public static String iso(long micros) {
        return micros == Long.MIN_VALUE || micros == Long.MAX_VALUE ? null : instant(micros).toString();
    }

    // ---- JSON Lines --------------------------------------------------------------------------------------------

    static void jsonl(Summary s, List<Incident> incidents, PrintStream out) {
        line(out, ordered("type", "watch", "flows", s.flows(), "packets", s.packets(), "devices", s.devices().size(),
                "untrackedAddresses", positive(s.limits().untrackedAddresses()), "evictedFlows", positive(s.limits().evictedFlows()),
                "forgottenStateKeys", positive(s.limits().forgottenKeys()), "incidents", incidents.size(),
                "droppedIncidents", positive(s.limits().droppedIncidents()), "from", s.flows() + s.packets() == 0 ? null : iso(s.firstEvent()),
                "to", s.flows() + s.packets() == 0 ? null : iso(s.lastEvent())));
        for (ReadStats r : s.inputs()) {
            var c = r.captureStats();
            line(out, ordered("type", "input", "source", r.source(), "format", r.format(), "records", r.records(), "skipped", r.skipped(),
                    "problems", r.problems().isEmpty() ? null : r.problems(), "received", c == null ? null : c.received(),
                    "droppedByKernel", c == null ? null : c.droppedByKernel(), "droppedByInterface", c == null ? null : c.droppedByInterface(),
                    "lostRecords", r.loss() == null ? null : r.loss().records(), "lostDatagrams", r.loss() == null ? null : r.loss().datagrams(),
                    "droppedDatagrams", r.loss() == null ? null : r.loss().dropped()));
        }
        // every device the run saw, what it is known as and how much it did: the inventory beside the incidents
        var counts = incidents.stream().collect(Collectors.groupingBy(i -> deviceKey(i.device().ip(), i.device().mac()), Collectors.counting()));
        for (Device d : s.devices()) {
            var record = ordered("type", "device");
            record.putAll(device(d.ref()));
            record.putAll(ordered("flows", d.flows(), "packets", d.packets(), "bytes", d.bytes(),
                    "firstSeen", d.flows() == 0 ? null : iso(d.firstSeen()), "lastSeen", d.flows() == 0 ? null : iso(d.lastSeen()),
                    "incidents", counts.getOrDefault(deviceKey(d.ip().toString(), d.macText()), 0L)));
            line(out, record);
        }
        for (Incident i : incidents) line(out, toMap(i));
    }

    /** One incident as the JSON object every sink sends (JSON Lines, webhook). */
    public static Map<String, Object> toMap(Incident i) {
        var ranges = new ArrayList<Map<String, Object>>();
        for (Incident.TimeRange r : i.evidence().ranges()) ranges.add(ordered("start", iso(r.start()), "end", iso(r.end())));
        return ordered("type", "incident", "id", i.id(), "device", device(i.device()), "detector", i.detector(),
                "doc", "docs/detectors/" + i.detector() + ".md", "severity", i.severity().label(), "key", i.key(),
                "firstSeen", iso(i.firstSeen()), "lastSeen", iso(i.lastSeen()), "detectedAt", iso(i.detectedAt()),
                "open", i.open(), "counterparts", i.counterparts(), "moreCounterparts", i.moreCounterparts(), "figures", i.figures(),
                "evidence", ordered("flows", i.evidence().flows(), "flowIds", i.evidence().flowIds(), "ranges", ranges),
                "anomalyScore", i.anomalyScore() < 0 ? null : i.anomalyScore(), "explanation", i.explanation());
    }

    private static Map<String, Object> device(DeviceRef d) {
        return ordered("ip", d.ip(), "mac", d.mac(), "vendor", d.vendor(), "names", d.names().isEmpty() ? null : d.names(), "label", d.label());
    }

    private static void line(PrintStream out, Map<String, Object> m) {
        try {
            out.println(JSON.writeValueAsString(m));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The figure, or null (left out) when it is 0. */
    private static Long positive(long v) {
        return v > 0 ? v : null;
    }

    /** Keys in order; null values left out (here and in nested objects). */
    static LinkedHashMap<String, Object> ordered(Object... kv) {
        var m = new LinkedHashMap<String, Object>();
        for (int i = 0; i < kv.length; i += 2) if (kv[i + 1] != null) m.put((String) kv[i], kv[i + 1]);
        return m;
    }

    // ---- CSV ---------------------------------------------------------------------------------------------------

    static void csv(List<Incident> incidents, PrintStream out) {
        // the JSON Lines fields in columns; those added later come last, so that readers of the first ones keep working
        out.println("id,device_ip,device_mac,detector,severity,first_seen,last_seen,detected_at,counterparts,figures,evidence_flows,"
                + "evidence_flow_ids,anomaly_score,explanation,key,open,more_counterparts,evidence_ranges,device_vendor,device_names,device_label");
        for (Incident i : incidents) {
            String figures = i.figures().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" "));
            String ranges = i.evidence().ranges().stream().map(r -> iso(r.start()) + "/" + iso(r.end())).collect(Collectors.joining(" "));
            out.println(String.join(",", Csv.field(i.id()), Csv.field(i.device().ip()), Csv.field(i.device().mac()), Csv.field(i.detector()),
                    Csv.field(i.severity().label()), Csv.field(iso(i.firstSeen())), Csv.field(iso(i.lastSeen())), Csv.field(iso(i.detectedAt())),
                    Csv.field(String.join(" ", i.counterparts())), Csv.field(figures), Long.toString(i.evidence().flows()),
                    Csv.field(String.join(" ", i.evidence().flowIds())),
                    i.anomalyScore() < 0 ? "" : String.format(Locale.ROOT, "%.1f", i.anomalyScore()), Csv.field(i.explanation()),
                    Csv.field(i.key()), Boolean.toString(i.open()), Boolean.toString(i.moreCounterparts()), Csv.field(ranges),
                    Csv.field(i.device().vendor()), Csv.field(String.join("; ", i.device().names())), Csv.field(i.device().label())));
        }
    }
}
