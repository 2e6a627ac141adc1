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
        description = "Reports a regulator, insurer or court can rely on, from the store: per device and per manufacturer.",
        subcommands = {ReportCommand.Device.class, ReportCommand.Manufacturer.class},
        footer = {"", "Examples:", "  warden report device 192.168.1.20 --format pdf --out dvr.pdf",
                "  warden report manufacturer --since 2026-01-01 --format html --out makers.html"})
public final class ReportCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "use 'report device IP' or 'report manufacturer'");
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
                    if (out == null) throw new IllegalArgumentException("a PDF needs --out FILE");
                    yield PdfRenderer.render(HtmlRenderer.render(title, doc));
                }
                default -> throw new IllegalArgumentException("unknown format '" + format + "' (use json, html or pdf)");
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
    public static final class Device implements Callable<Integer> {
        @Parameters(paramLabel = "IP|DEVICE-KEY")
        String device;

        @Mixin
        Output output = new Output();

        @Mixin
        HomeOptions home = new HomeOptions();

        @Override
        public Integer call() throws IOException {
            try (Store store = home.openStore()) {
                return output.write("Warden device report: " + device, reports(store, home).device(device));
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
            Predicate<Store.DeviceRow> f = d -> true;
            if (manufacturer != null) f = f.and(d -> d.manufacturer() != null && d.manufacturer().toLowerCase().contains(manufacturer.toLowerCase()));
            if (grades != null) f = f.and(d -> java.util.Arrays.asList(grades.toUpperCase().split(",")).contains(d.grade()));
            if (since != null) f = f.and(d -> d.lastSeen().compareTo(since.toString()) >= 0);
            if (until != null) f = f.and(d -> d.lastSeen().compareTo(until.toString()) < 0);
            try (Store store = home.openStore()) {
                return output.write("Warden manufacturer report", reports(store, home).manufacturers(f));
            }
        }
    }
}
