package dev.warden.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.report.Foreseeability;
import dev.warden.report.HtmlRenderer;
import dev.warden.report.PdfRenderer;
import dev.warden.report.Reports;
import dev.warden.store.Store;
import dev.warden.target.OutOfScopeException;
import dev.warden.target.ScopeGuard;
import dev.warden.target.Target;
import dev.warden.target.TargetException;
import dev.warden.target.TargetParser;
import io.javalin.http.Context;

import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The handlers of the REST API (docs/serve.md, openapi.json): each reads the store, the incident board or the audit
 * jobs and answers with plain ordered maps, so that field order and nulls are the same on every backend.
 */
final class Api {
    static final int MAX_TARGET_SPECS = 256;
    static final int MAX_HOSTS_PER_AUDIT = 4096;
    static final int MAX_NOTE = 1000;
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Store store;
    private final IncidentBoard incidents;
    private final Launchers launchers;
    private final ApiTokens tokens;
    private final Foreseeability foreseeability;
    private final Clock clock;

    /** What the API starts in the background, and the queues it starts them in. */
    record Launchers(AuditLauncher audit, Jobs<Integer> audits, WatchLauncher watch, Jobs<WatchLauncher.Result> watches) {}

    Api(Store store, IncidentBoard incidents, Launchers launchers, ApiTokens tokens, Foreseeability foreseeability, Clock clock) {
        this.store = store;
        this.incidents = incidents;
        this.launchers = launchers;
        this.tokens = tokens;
        this.foreseeability = foreseeability;
        this.clock = clock;
    }

    // ---- devices ----

    void devices(Context ctx) {
        String grade = ctx.queryParam("grade");
        String status = ctx.queryParam("status");
        if (grade != null && !dev.warden.assess.Assessor.GRADES.contains(grade)) throw ApiException.badRequest("grade must be one of A, B, C, D, F (got '" + grade + "')");
        if (status != null && !status.equals("failing") && !status.equals("passing")) {
            throw ApiException.badRequest("status must be 'failing' or 'passing' (got '" + status + "')");
        }
        var failed = store.failedProvisions();
        var open = incidents.openIncidentCounts();
        var list = new ArrayList<Map<String, Object>>();
        for (var d : store.devices()) {
            var m = device(d, failed, open);
            if (grade != null && !grade.equals(d.grade())) continue;
            if (status != null && !status.equals(m.get("status"))) continue;
            list.add(m);
        }
        ctx.json(ordered("count", list.size(), "devices", list));
    }

    void device(Context ctx) {
        var d = findDevice(ctx.pathParam("key"));
        var doc = new LinkedHashMap<String, Object>();
        doc.put("device", device(d, store.failedProvisions(), incidents.openIncidentCounts()));
        doc.put("label", store.latestLabel(d.deviceKey()).map(Api::parse).orElse(null));
        var services = new ArrayList<Map<String, Object>>();
        for (var s : store.services(d.deviceKey(), null)) {
            services.add(ordered("port", s.port(), "transport", s.transport(), "protocol", s.protocol(), "tls", s.tls(), "banner", s.banner(),
                    "facts", s.facts()));
        }
        doc.put("services", services);
        var findings = new ArrayList<Map<String, Object>>();
        for (var f : store.findings(d.deviceKey(), null)) {
            // the working password never leaves the store through the API, whatever the audit was told to print
            var m = ordered("check", f.checkId(), "severity", f.severity(), "port", f.port(), "protocol", f.protocol(), "summary", f.summary(),
                    "evidence", f.evidence(), "provisions", f.provisions(), "remediation", f.remediation(), "user", f.user());
            m.put("foreseeability", foreseeability.of(f).orElse(null));
            findings.add(m);
        }
        doc.put("findings", findings);
        var history = new ArrayList<Map<String, Object>>();
        for (var l : store.labelHistory(d.deviceKey())) history.add(ordered("auditId", l.auditId(), "grade", l.grade(), "issuedAt", l.issuedAt()));
        doc.put("labelHistory", history);
        doc.put("incidents", incidents.incidentsOf(d.ip(), d.mac())); // by its MAC when it has one: wherever DHCP moved it
        ctx.json(doc);
    }

    void label(Context ctx) {
        var d = findDevice(ctx.pathParam("key"));
        String label = store.latestLabel(d.deviceKey()).orElseThrow(() -> ApiException.notFound("device '" + d.ip() + "' has no label yet"));
        // exactly the bytes that were signed: a client can verify it as it comes
        ctx.contentType("application/json").result(label);
    }

    void deviceReport(Context ctx) {
        String format = reportFormat(ctx);
        var d = findDevice(ctx.pathParam("key"));
        render(ctx, format, "Warden device report: " + d.ip(), "warden-device-" + d.ip().replace(':', '-'), reports().device(d.deviceKey()));
    }

    void incidentReport(Context ctx, boolean liability) {
        String format = reportFormat(ctx);
        String id = ctx.pathParam("id");
        if (store.incident(id).isEmpty()) throw ApiException.notFound("no incident '" + id + "'");
        var doc = liability ? reports().liability(id) : reports().incident(id);
        String title = liability ? "Warden liability worksheet: incident " + id : "Warden incident report: " + id;
        render(ctx, format, title, (liability ? "warden-liability-" : "warden-incident-") + id, doc);
    }

    private static String reportFormat(Context ctx) {
        String format = ctx.queryParamAsClass("format", String.class).getOrDefault("json").toLowerCase(Locale.ROOT);
        if (!List.of("json", "html", "pdf").contains(format)) throw ApiException.badRequest("format must be json, html or pdf (got '" + format + "')");
        return format;
    }

    /** Reports over the store, with the ledger's entries and proofs when the incident board has the ledger. */
    private Reports reports() {
        if (incidents instanceof StoredIncidents stored) {
            return new Reports(store, foreseeability, clock, stored.ledger(), stored.ledger().publicKey());
        }
        return new Reports(store, foreseeability, clock);
    }

    private static void render(Context ctx, String format, String title, String file, Map<String, Object> doc) {
        switch (format) {
            case "json" -> ctx.json(doc);
            case "html" -> ctx.contentType("text/html; charset=utf-8")
                    .header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'")
                    .result(HtmlRenderer.render(title, doc));
            default -> ctx.contentType("application/pdf").header("Content-Disposition", "attachment; filename=\"" + file + ".pdf\"")
                    .result(PdfRenderer.render(HtmlRenderer.render(title, doc)));
        }
    }

    private Store.DeviceRow findDevice(String key) {
        return store.devices().stream().filter(d -> d.deviceKey().equals(key) || d.ip().equals(key)).findFirst()
                .orElseThrow(() -> ApiException.notFound("no device '" + key + "' in the store (a device key such as mac:.. or ip:.., or an IP address)"));
    }

    static Map<String, Object> device(Store.DeviceRow d, Map<String, Set<String>> failed, Store.DeviceCounts openIncidents) {
        int failing = failed.getOrDefault(d.deviceKey(), Set.of()).size();
        return ordered("deviceKey", d.deviceKey(), "ip", d.ip(), "mac", d.mac(), "macVendor", d.macVendor(), "manufacturer", d.manufacturer(),
                "model", d.model(), "firmware", d.firmware(), "grade", d.grade(), "status", failing > 0 ? "failing" : "passing",
                "failedProvisions", failing, "findings", d.findings(), "openIncidents", openIncidents.of(d.ip(), d.mac()),
                "lastSeen", d.lastSeen(), "lastAudit", d.lastAudit());
    }

    // ---- manufacturers ----

    void manufacturers(Context ctx) {
        ctx.json(ordered("manufacturers", manufacturerRanking(store.devices(), store.failedProvisions())));
    }

    /**
     * Manufacturers ranked by exposure: the share of their devices that fail at least one provision, then by how many
     * fail, then by name. For each, the provisions failed by most of its devices (at most five).
     */
    static List<Map<String, Object>> manufacturerRanking(List<Store.DeviceRow> devices, Map<String, Set<String>> failed) {
        record Group(List<Store.DeviceRow> devices, Map<String, Integer> provisions, TreeMap<String, Integer> grades, java.util.TreeSet<String> models) {}
        var groups = new TreeMap<String, Group>();
        for (var d : devices) {
            String name = d.manufacturer() == null ? "unidentified" : d.manufacturer();
            var g = groups.computeIfAbsent(name, k -> new Group(new ArrayList<>(), new HashMap<>(), new TreeMap<>(), new java.util.TreeSet<>()));
            g.devices().add(d);
            if (d.grade() != null) g.grades().merge(d.grade(), 1, Integer::sum);
            if (d.model() != null) g.models().add(d.model());
            for (String p : failed.getOrDefault(d.deviceKey(), Set.of())) g.provisions().merge(p, 1, Integer::sum);
        }
        var rows = new ArrayList<Map<String, Object>>();
        for (var e : groups.entrySet()) {
            var g = e.getValue();
            int seen = g.devices().size();
            int failing = (int) g.devices().stream().filter(d -> !failed.getOrDefault(d.deviceKey(), Set.of()).isEmpty()).count();
            var worst = g.provisions().entrySet().stream()
                    .sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                    .limit(5).map(p -> (Map<String, Object>) ordered("provision", p.getKey(), "devicesFailing", p.getValue())).toList();
            String worstGrade = g.grades().isEmpty() ? null : g.grades().lastKey();
            rows.add(ordered("rank", 0, "manufacturer", e.getKey(), "devicesSeen", seen, "devicesFailing", failing,
                    "exposure", Math.round(1000.0 * failing / seen) / 1000.0, "worstGrade", worstGrade, "grades", g.grades(),
                    "models", List.copyOf(g.models()), "worstProvisions", worst));
        }
        rows.sort(Comparator.<Map<String, Object>>comparingDouble(m -> -((Number) m.get("exposure")).doubleValue())
                .thenComparingInt(m -> -((Number) m.get("devicesFailing")).intValue())
                .thenComparingInt(m -> -((Number) m.get("devicesSeen")).intValue())
                .thenComparing(m -> (String) m.get("manufacturer")));
        for (int i = 0; i < rows.size(); i++) rows.get(i).put("rank", i + 1);
        return rows;
    }

    // ---- audits ----

    void audits(Context ctx) {
        var byId = new LinkedHashMap<String, Map<String, Object>>();
        var stored = new HashMap<String, Store.AuditRow>();
        for (var a : store.audits()) stored.put(a.id(), a);
        for (var j : launchers.audits().all().reversed()) byId.put(j.id, audit(j, stored.get(j.id)));
        for (var a : store.audits()) byId.putIfAbsent(a.id(), audit(null, a));
        var list = new ArrayList<>(byId.values());
        list.sort(Comparator.comparing((Map<String, Object> m) -> m.get("startedAt") == null ? "~" : (String) m.get("startedAt")).reversed());
        ctx.json(ordered("audits", list));
    }

    void audit(Context ctx) {
        String id = ctx.pathParam("id");
        var job = launchers.audits().job(id).orElse(null);
        var row = store.audits().stream().filter(a -> a.id().equals(id)).findFirst().orElse(null);
        if (job == null && row == null) throw ApiException.notFound("no audit '" + id + "'");
        ctx.json(audit(job, row));
    }

    void startAudit(Context ctx, ApiTokens.Principal who) {
        JsonNode body = jsonObject(ctx, Set.of("targets", "scope"));
        JsonNode t = body.get("targets");
        if (t == null || !t.isArray() || t.isEmpty()) {
            throw ApiException.badRequest("targets must be a non-empty array of addresses, ranges or CIDR blocks, e.g. [\"192.168.1.0/24\"]");
        }
        if (t.size() > MAX_TARGET_SPECS) throw ApiException.badRequest("targets has " + t.size() + " entries; at most " + MAX_TARGET_SPECS);
        var specs = new ArrayList<String>();
        for (JsonNode n : t) {
            if (!n.isTextual() || n.asText().isBlank()) throw ApiException.badRequest("each entry of targets must be a non-empty string (got " + n + ")");
            String s = n.asText().trim();
            if (s.startsWith("@")) throw ApiException.badRequest("targets: '" + s + "': @files are read only by the command line, not the API");
            specs.add(s);
        }
        JsonNode sc = body.get("scope");
        if (sc != null && !sc.isNull() && !sc.isTextual()) throw ApiException.badRequest("scope must be a string of CIDR blocks separated by commas");
        ScopeGuard scope;
        try {
            scope = sc == null || sc.isNull() || sc.asText().isBlank() ? ScopeGuard.defaults() : ScopeGuard.parse(sc.asText());
        } catch (TargetException | IllegalArgumentException e) {
            throw ApiException.badRequest("scope: " + e.getMessage());
        }
        List<Target> targets;
        try {
            targets = new TargetParser(MAX_HOSTS_PER_AUDIT, name -> {
                throw new UnknownHostException(name);
            }).parse(specs);
            for (Target x : targets) scope.require(x.address());
        } catch (OutOfScopeException e) {
            throw ApiException.badRequest("targets: " + e.getMessage());
        } catch (TargetException | IllegalArgumentException e) {
            throw ApiException.badRequest("targets: " + e.getMessage() + " (the API takes addresses, ranges and CIDR blocks, not host names)");
        }
        if (targets.isEmpty()) throw ApiException.badRequest("targets name no host");
        var request = new LinkedHashMap<String, Object>();
        request.put("scope", scope.description());
        request.put("targets", targets.size());
        var job = launchers.audits().submit(request, who.name() + " (" + who.tokenId() + ")", id -> launchers.audit().run(id, targets, scope));
        ctx.status(202).header("Location", "/api/audits/" + job.id).json(audit(job, null));
    }

    private static Map<String, Object> audit(Jobs.Job<Integer> job, Store.AuditRow row) {
        String status;
        if (job != null) status = job.status.name();
        else status = row.finishedAt() != null ? "finished" : "unfinished";
        return ordered("id", job != null ? job.id : row.id(), "status", status, "startedAt", row == null ? null : row.startedAt(),
                "finishedAt", row == null ? null : row.finishedAt(), "elapsedMs", row == null ? null : row.elapsedMs(),
                "scope", row != null ? row.scope() : job.request.get("scope"), "targets", row != null ? row.targets() : job.request.get("targets"),
                "devices", row != null && row.devices() != null ? row.devices() : job == null ? null : job.result,
                "requestedBy", job == null ? null : job.requestedBy, "error", job == null ? null : job.error);
    }

    // ---- watches: captures the API may watch, watch jobs and stored runs ----

    void captures(Context ctx) {
        Path dir = launchers.watch().directory();
        if (dir == null) throw new ApiException(503, "watching from the API is not set up: start warden serve with --captures DIR");
        var list = new ArrayList<Map<String, Object>>();
        try (var files = Files.list(dir)) {
            for (Path p : files.sorted().toList()) {
                String name = p.getFileName().toString();
                if (name.startsWith(".") || !Files.isRegularFile(p)) continue;
                list.add(ordered("name", name, "bytes", Files.size(p), "modifiedAt", Files.getLastModifiedTime(p).toInstant().toString()));
            }
        } catch (IOException e) {
            throw new ApiException(500, "cannot list the capture directory: " + e.getMessage());
        }
        ctx.json(ordered("directory", dir.toString(), "captures", list, "interfaces", launchers.watch().interfaces(),
                "maxCaptureSeconds", launchers.watch().maxCapture().toSeconds()));
    }

    void watches(Context ctx) {
        var byId = new LinkedHashMap<String, Map<String, Object>>();
        var claimed = new java.util.HashSet<String>();
        for (var j : launchers.watches().all().reversed()) {
            byId.put(j.id, watch(j, null));
            if (j.result != null) claimed.add(j.result.runId());
        }
        for (var r : store.watchRuns()) if (!claimed.contains(r.id())) byId.put(r.id(), watch(null, r));
        // newest first, this server's jobs and runs of the command line together (a job not started yet is newest)
        var list = new ArrayList<>(byId.values());
        list.sort(java.util.Comparator.comparing((Map<String, Object> w) -> {
            Object at = w.get("startedAt") != null ? w.get("startedAt") : w.get("requestedAt");
            try {
                return at == null ? java.time.Instant.MAX : java.time.Instant.parse(at.toString());
            } catch (java.time.format.DateTimeParseException e) {
                return java.time.Instant.MIN;
            }
        }).reversed());
        ctx.json(ordered("watches", list));
    }

    void watch(Context ctx) {
        String id = ctx.pathParam("id");
        var job = launchers.watches().job(id);
        if (job.isPresent()) {
            ctx.json(watch(job.get(), null));
            return;
        }
        var run = store.watchRuns().stream().filter(r -> r.id().equals(id)).findFirst()
                .orElseThrow(() -> ApiException.notFound("no watch job or run '" + id + "'"));
        ctx.json(watch(null, run));
    }

    void startWatch(Context ctx, ApiTokens.Principal who) {
        var launcher = launchers.watch();
        JsonNode body = jsonObject(ctx, Set.of("capture", "interface", "duration"));
        JsonNode c = body.get("capture"), i = body.get("interface"), d = body.get("duration");
        String by = who.name() + " (" + who.tokenId() + ")";
        if ((c == null) == (i == null)) {
            throw ApiException.badRequest("give either capture (a file name from GET /api/captures) or interface with duration, not both or neither");
        }
        Jobs.Job<WatchLauncher.Result> job;
        if (c != null) {
            if (d != null) throw ApiException.badRequest("duration goes with interface, not with capture");
            Path dir = launcher.directory();
            if (dir == null) throw new ApiException(503, "watching files from the API is not set up: start warden serve with --captures DIR");
            if (!c.isTextual() || c.asText().isBlank()) {
                throw ApiException.badRequest("capture must be the name of a file in the capture directory (GET /api/captures lists them)");
            }
            String name = c.asText();
            if (name.contains("/") || name.contains("\\") || name.startsWith(".") || name.length() > 255 || name.chars().anyMatch(ch -> ch < 32)) {
                throw ApiException.badRequest("capture '" + name + "' must be a plain file name in the capture directory, not a path");
            }
            Path file = dir.resolve(name);
            if (!Files.isRegularFile(file) || !Files.isReadable(file)) throw ApiException.notFound("no capture '" + name + "' in the capture directory");
            job = launchers.watches().submit(Map.of("capture", name), by, id -> launcher.watchFile(file));
        } else {
            if (launcher.interfaces().isEmpty()) {
                throw new ApiException(503, "live capture from the API is off: start warden serve with --interfaces IFACE,...");
            }
            if (!i.isTextual() || !launcher.interfaces().contains(i.asText())) {
                throw ApiException.badRequest("interface must be one of " + String.join(", ", launcher.interfaces()) + " (warden serve --interfaces), got " + i);
            }
            if (d == null || !d.isTextual()) throw ApiException.badRequest("duration is required with interface, e.g. \"30s\" or \"10min\"");
            java.time.Duration duration;
            try {
                duration = dev.warden.config.Settings.parseDuration(d.asText());
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest("duration: " + e.getMessage());
            }
            if (duration.isZero() || duration.compareTo(launcher.maxCapture()) > 0) {
                throw ApiException.badRequest("duration must be more than 0 and at most " + launcher.maxCapture().toSeconds() + " s (serve.watch.max-capture)");
            }
            String iface = i.asText();
            job = launchers.watches().submit(Map.of("interface", iface, "duration", d.asText()), by, id -> launcher.watchInterface(iface, duration));
        }
        ctx.status(202).header("Location", "/api/watches/" + job.id).json(watch(job, null));
    }

    private Map<String, Object> watch(Jobs.Job<WatchLauncher.Result> job, Store.WatchRunRow row) {
        if (job != null && job.result != null && row == null) {
            row = store.watchRuns().stream().filter(r -> r.id().equals(job.result.runId())).findFirst().orElse(null);
        }
        Map<?, ?> summary = null;
        if (row != null && row.summary() != null) {
            try {
                summary = JSON.readValue(row.summary(), Map.class);
            } catch (IOException e) {
                summary = null; // a run written by a newer version: shown without its totals
            }
        }
        // a run that failed in the command line is finished with {"failed": reason} as its summary
        Object failed = summary == null ? null : summary.get("failed");
        String status = job != null ? job.status.name() : row.finishedAt() == null ? "unfinished" : failed != null ? "failed" : "finished";
        Object incidents = job != null && job.result != null ? job.result.incidents() : summary == null ? null : summary.get("incidents");
        return ordered("id", job != null ? job.id : row.id(), "status", status, "run", row == null ? null : row.id(),
                "input", job != null ? (job.request.containsKey("capture") ? job.request.get("capture")
                        : "interface " + job.request.get("interface") + " for " + job.request.get("duration")) : row.inputs(), "startedAt", row == null ? null : row.startedAt(),
                "finishedAt", row == null ? null : row.finishedAt(), "incidents", incidents,
                "summary", summary, "requestedBy", job == null ? null : job.requestedBy, "requestedAt", job == null ? null : job.requestedAt,
                "error", job != null ? job.error : failed);
    }

    // ---- incidents ----

    /** Incidents a list page shows at most, and by default. */
    static final int MAX_INCIDENT_PAGE = 1000, DEFAULT_INCIDENT_PAGE = 100;

    void incidents(Context ctx) {
        String status = ctx.queryParam("status");
        if (status != null && !IncidentBoard.STATUSES.contains(status)) {
            throw ApiException.badRequest("status must be open, acknowledged or closed (got '" + status + "')");
        }
        String ip = ctx.queryParam("ip");
        if (ip != null && dev.warden.target.Addresses.literal(ip).isEmpty()) throw ApiException.badRequest("ip must be an IP address (got '" + ip + "')");
        int offset = intParam(ctx, "offset", 0, 0, Integer.MAX_VALUE);
        int limit = intParam(ctx, "limit", DEFAULT_INCIDENT_PAGE, 1, MAX_INCIDENT_PAGE);
        var page = incidents.page(new IncidentBoard.Filter(status, ip), offset, limit);
        ctx.json(ordered("source", incidents.source(), "count", page.total(), "offset", page.offset(), "limit", page.limit(),
                "byStatus", page.byStatus(), "byDay", page.byDay(), "incidents", page.incidents()));
    }

    /** An integer query parameter from {@code min} to {@code max}; {@code otherwise} when absent. */
    private static int intParam(Context ctx, String name, int otherwise, int min, int max) {
        String v = ctx.queryParam(name);
        if (v == null) return otherwise;
        try {
            int n = Integer.parseInt(v);
            if (n >= min && n <= max) return n;
        } catch (NumberFormatException e) {
            // said below
        }
        throw ApiException.badRequest(name + " must be a whole number from " + min + " to " + max + " (got '" + v + "')");
    }

    void incident(Context ctx) {
        String id = ctx.pathParam("id");
        ctx.json(incidents.incident(id).orElseThrow(() -> ApiException.notFound("no incident '" + id + "'")));
    }

    void actOnIncident(Context ctx, ApiTokens.Principal who, boolean close) {
        String id = ctx.pathParam("id");
        JsonNode body = ctx.body().isBlank() ? JSON.createObjectNode() : jsonObject(ctx, Set.of("note"));
        JsonNode n = body.get("note");
        if (n != null && !n.isNull() && !n.isTextual()) throw ApiException.badRequest("note must be a string");
        String note = n == null || n.isNull() ? null : n.asText();
        if (note != null && note.length() > MAX_NOTE) throw ApiException.badRequest("note has " + note.length() + " characters; at most " + MAX_NOTE);
        var actor = new IncidentBoard.Actor(who.tokenId(), who.name());
        try {
            var result = close ? incidents.close(id, actor, note) : incidents.acknowledge(id, actor, note);
            ctx.json(result.orElseThrow(() -> ApiException.notFound("no incident '" + id + "'")));
        } catch (IllegalStateException e) {
            throw new ApiException(409, e.getMessage());
        }
    }

    // ---- tokens ----

    void me(Context ctx, ApiTokens.Principal who) {
        ctx.json(ordered("tokenId", who.tokenId(), "name", who.name(), "role", who.role().id()));
    }

    void tokens(Context ctx) {
        var list = store.tokens().stream().map(t -> (Map<String, Object>) ordered("id", t.id(), "name", t.name(), "role", t.role(),
                "createdAt", t.createdAt(), "revokedAt", t.revokedAt())).toList();
        ctx.json(ordered("tokens", list));
    }

    void createToken(Context ctx) {
        JsonNode body = jsonObject(ctx, Set.of("role", "name"));
        JsonNode r = body.get("role");
        JsonNode n = body.get("name");
        if (r == null || !r.isTextual()) throw ApiException.badRequest("role is required: viewer, operator or admin");
        if (n == null || !n.isTextual()) throw ApiException.badRequest("name is required: a string of 1 to 100 characters saying who holds the token");
        Role role;
        try {
            role = Role.parse(r.asText());
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("role: " + e.getMessage());
        }
        ApiTokens.Created c;
        try {
            c = tokens.create(role, n.asText());
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("name: " + e.getMessage());
        }
        ctx.status(201).json(ordered("id", c.row().id(), "name", c.row().name(), "role", c.row().role(), "createdAt", c.row().createdAt(),
                "token", c.token()));
    }

    void revokeToken(Context ctx, ApiTokens.Principal who) {
        String id = ctx.pathParam("id");
        if (id.equals(who.tokenId())) throw new ApiException(409, "a token cannot revoke itself; use another admin token");
        if (!store.revokeToken(id, clock.instant())) throw ApiException.notFound("no live token '" + id + "'");
        ctx.json(ordered("id", id, "revoked", true));
    }

    // ---- helpers ----

    private static JsonNode jsonObject(Context ctx, Set<String> allowed) {
        String text = new String(ctx.bodyAsBytes(), StandardCharsets.UTF_8);
        JsonNode body;
        try {
            body = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("the body is not valid JSON: " + e.getOriginalMessage());
        }
        if (body == null || !body.isObject()) throw ApiException.badRequest("the body must be a JSON object");
        for (var it = ((ObjectNode) body).fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!allowed.contains(f)) throw ApiException.badRequest("unknown field '" + f + "' (allowed: " + String.join(", ", new java.util.TreeSet<>(allowed)) + ")");
        }
        return body;
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored label is not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** An ordered map that keeps nulls: every documented field is present, null when unknown. */
    static LinkedHashMap<String, Object> ordered(Object... kv) {
        var m = new LinkedHashMap<String, Object>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
        return m;
    }
}
