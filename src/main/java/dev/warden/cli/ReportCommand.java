package dev.warden.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.warden.cve.CveFeed;
import dev.warden.report.Foreseeability;
import dev.warden.report.HtmlRenderer;
import dev.warden.report.PdfRenderer;
import dev.warden.report.Reports;
import dev.warden.store.Store;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Predicate;

@Command(name = "report", usageHelpWidth = 120, mixinStandardHelpOptions = true,
        description = {"Reports a regulator, insurer or court can rely on, from the store: per device, per "
                       + "manufacturer, per incident, and a liability worksheet per incident (docs/reports.md)."},
        subcommands = {ReportCommand.Device.class, ReportCommand.Manufacturer.class, ReportCommand.Incident.class,
                ReportCommand.Liability.class, ReportCommand.Incidents.class},
        footer = {"", "Examples:", "  warden report device 192.168.1.20 --format pdf --out dvr.pdf",
                "  warden report manufacturer --since 2026-01-01 --format html --out makers.html",
                "  warden report incidents --since 2026-01-01 --grade F",
                "  warden report incident W1-I3 --format pdf --out incident.pdf",
                "  warden report liability W1-I3 --format html --out worksheet.html"})
public final class ReportCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "use 'report device IP', 'report manufacturer', 'report incidents', 'report incident ID' or 'report liability ID'");
    }

    static final class Output {
        @Option(names = {"-f", "--format"}, defaultValue = "json", description = "json, html or pdf (default json)")
        String format;

        @Option(names = {"-o", "--out"}, paramLabel = "FILE", description = "Write to FILE (needed for pdf; default: standard output)")
        Path out;

        int write(String title, Map<String, Object> doc) throws IOException {
            byte[] bytes = switch (format.toLowerCase()) {
                case "json" -> new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(doc).concat("\n").getBytes(StandardCharsets.UTF_8);
                case "html" -> HtmlRenderer.render(title, doc).getBytes(StandardCharsets.UTF_8);
                case "pdf" -> {
                    if (out == null) throw new UsageException("a PDF needs --out FILE");
                    yield PdfRenderer.render(HtmlRenderer.render(title, doc));
                }
                default -> throw new UsageException("unknown format '" + format + "' (use json, html or pdf)");
            };
            if (out == null) {
                System.out.write(bytes);
                System.out.flush();
            } else {
                Files.write(out, bytes);
                System.err.println("wrote " + out);
            }
            return ExitCodes.OK;
        }
    }

    static Reports reports(Store store, HomeOptions home) {
        var ledger = home.readLedger();
        var key = dev.warden.label.SigningKey.loadOrCreate(home.home().resolve("keys")).publicKey();
        return new Reports(store, new Foreseeability(CveFeed.bundled()), Clock.systemUTC(), ledger, key);
    }

    @Command(name = "device", usageHelpWidth = 120, mixinStandardHelpOptions = true,
            description = "One device: identity, latest label and label history, findings with the date each flaw became public.")
    public static final class Device extends OneReport {
        @Parameters(paramLabel = "IP|DEVICE-KEY")
        String device;

        @Override
        String title() {
            return "Warden device report: " + device;
        }

        @Override
        Map<String, Object> build(Reports reports) {
            return reports.device(device);
        }
    }

    /** A report about one stored incident. */
    abstract static class OneIncident extends OneReport {
        @Parameters(paramLabel = "ID", description = "Incident id, e.g. W1-I3 (list them with: warden report incidents)")
        String id;
    }

    /** A report about one thing named on the command line, written in the chosen format. */
    abstract static class OneReport implements Callable<Integer> {
        @Mixin
        Output output = new Output();

        @Mixin
        HomeOptions home = new HomeOptions();

        abstract String title();

        abstract Map<String, Object> build(Reports reports);

        @Override
        public Integer call() throws IOException {
            try (Store store = home.openStore()) {
                return output.write(title(), build(reports(store, home)));
            }
        }
    }

    @Command(name = "manufacturer", usageHelpWidth = 120, mixinStandardHelpOptions = true,
            description = "Per manufacturer and model: devices seen, provisions failed and by how many devices, foreseeability facts.")
    public static final class Manufacturer implements Callable<Integer> {
        @Option(names = "--manufacturer", paramLabel = "NAME", description = "Only this manufacturer (case-insensitive substring)")
        String manufacturer;

        @Option(names = "--grade", paramLabel = "GRADES", description = "Only devices with these grades, e.g. F or D,F")
        String grades;

        @Option(names = "--since", paramLabel = "DATE", description = "Only devices last seen on or after DATE (yyyy-mm-dd)")
        LocalDate since;

        @Option(names = "--until", paramLabel = "DATE", description = "Only devices last seen before DATE (yyyy-mm-dd)")
        LocalDate until;

        @Mixin
        Output output = new Output();

        @Mixin
        HomeOptions home = new HomeOptions();

        @Override
        public Integer call() throws IOException {
            Predicate<Store.DeviceRow> f = DeviceFilter.of(manufacturer, grades);
            if (since != null) f = f.and(d -> d.lastSeen().compareTo(since.toString()) >= 0);
            if (until != null) f = f.and(d -> d.lastSeen().compareTo(until.toString()) < 0);
            try (Store store = home.openStore()) {
                return output.write("Warden manufacturer report", reports(store, home).manufacturers(f, instant(since), instant(until)));
            }
        }
    }

    /** Midnight UTC of {@code day} as the store writes instants; null stays null. */
    static String instant(LocalDate day) {
        return day == null ? null : day.atStartOfDay(java.time.ZoneOffset.UTC).toInstant().toString();
    }

    /** --manufacturer (case-insensitive substring) and --grade (comma-separated) over audited devices. */
    static final class DeviceFilter {
        private DeviceFilter() {}

        /** The filter; a grade that none has is a usage error (a typo would otherwise read as "no such device"). */
        static Predicate<Store.DeviceRow> of(String manufacturer, String grades) {
            Predicate<Store.DeviceRow> f = d -> true;
            if (manufacturer != null) f = f.and(d -> d.manufacturer() != null && d.manufacturer().toLowerCase().contains(manufacturer.toLowerCase()));
            if (grades != null) {
                var wanted = new java.util.ArrayList<String>();
                for (String g : grades.split(",")) {
                    String grade = g.strip().toUpperCase(java.util.Locale.ROOT);
                    if (!dev.warden.assess.Assessor.GRADES.contains(grade)) {
                        throw new UsageException("--grade must be grades A, B, C, D or F (e.g. D,F), not '" + g.strip() + "'");
                    }
                    wanted.add(grade);
                }
                f = f.and(d -> wanted.contains(d.grade()));
            }
            return f;
        }
    }

    @Command(name = "incident", usageHelpWidth = 120, mixinStandardHelpOptions = true,
            description = {"One stored incident: timeline with the ledger entry of each event, the device and its audit "
                           + "(identity, grade, label, failed provisions), victims, harm figures, evidence with hashes, the "
                           + "pcap excerpt, and the ledger proof."})
    public static final class Incident extends OneIncident {
        @Override
        String title() {
            return "Warden incident report: " + id;
        }

        @Override
        Map<String, Object> build(Reports reports) {
            return reports.incident(id);
        }
    }

    @Command(name = "liability", usageHelpWidth = 120, mixinStandardHelpOptions = true,
            description = {"Liability worksheet of one incident: for the manufacturer, owner, network operator and attack "
                           + "target, the recorded facts on duty, breach, foreseeability and harm, each citing its evidence "
                           + "and ledger entries.",
                    "Facts for a lawyer or regulator, not legal conclusions."})
    public static final class Liability extends OneIncident {
        @Override
        String title() {
            return "Warden liability worksheet: incident " + id;
        }

        @Override
        Map<String, Object> build(Reports reports) {
            return reports.liability(id);
        }
    }

    @Command(name = "incidents", usageHelpWidth = 120, mixinStandardHelpOptions = true,
            description = "Stored incidents, newest first, with the audited device's manufacturer and grade and the harm figures.")
    public static final class Incidents implements Callable<Integer> {
        @Option(names = "--since", paramLabel = "DATE", description = "Only incidents with traffic on or after DATE (yyyy-mm-dd)")
        LocalDate since;

        @Option(names = "--until", paramLabel = "DATE", description = "Only incidents whose traffic began before DATE (yyyy-mm-dd)")
        LocalDate until;

        @Option(names = "--device", paramLabel = "IP", description = "Only incidents of this device")
        String device;

        @Option(names = "--detector", paramLabel = "ID", description = "Only incidents of this detector, e.g. ddos-syn")
        String detector;

        @Option(names = "--status", paramLabel = "STATUS", description = "Only open, acknowledged or closed incidents")
        String status;

        @Option(names = "--run", paramLabel = "RUN", description = "Only incidents of this watch run, e.g. W2")
        String run;

        @Option(names = "--manufacturer", paramLabel = "NAME", description = "Only devices audited as this manufacturer (case-insensitive substring)")
        String manufacturer;

        @Option(names = "--grade", paramLabel = "GRADES", description = "Only devices audited with these grades, e.g. F or D,F")
        String grades;

        @Mixin
        Output output = new Output();

        @Mixin
        HomeOptions home = new HomeOptions();

        @Override
        public Integer call() throws IOException {
            if (status != null && !java.util.List.of("open", "acknowledged", "closed").contains(status)) {
                throw new UsageException("--status must be open, acknowledged or closed, not '" + status + "'");
            }
            // a filter that can match nothing is a typo, not "no incidents" (--grade: DeviceFilter)
            Predicate<Store.DeviceRow> audited = DeviceFilter.of(manufacturer, grades);
            if (device != null && dev.warden.watch.flow.IpAddress.tryParse(device) == null) {
                throw new UsageException("--device must be an IP address, not '" + device + "'");
            }
            if (run != null) {
                if (!run.matches("(?i)w\\d+")) throw new UsageException("--run must be a watch run id like W2, not '" + run + "'");
                run = run.toUpperCase(java.util.Locale.ROOT);
            }
            if (detector != null) {
                var ids = dev.warden.watch.WatchEngine.build(dev.warden.watch.WatchEngine.Config.defaults(dev.warden.config.Settings.reference()))
                        .detectors().stream().map(dev.warden.watch.detect.Detector::id).distinct().sorted().toList();
                if (!ids.contains(detector)) throw new UsageException("--detector '" + detector + "' is none of Warden's: " + String.join(", ", ids));
            }
            var query = new Store.IncidentQuery(device, detector, status, run, instant(since), instant(until));
            boolean anyDevice = manufacturer == null && grades == null;
            try (Store store = home.openStore()) {
                return output.write("Warden incidents", reports(store, home).incidents(query, d -> anyDevice || d.isPresent() && audited.test(d.get())));
            }
        }
    }
}
