package dev.warden.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.emulator.Fleet;
import dev.warden.emulator.LowPorts;
import dev.warden.emulator.Persona;
import dev.warden.emulator.Personas;
import dev.warden.generate.MiraiTraffic;
import dev.warden.label.LabelText;
import dev.warden.target.ScopeGuard;
import dev.warden.target.Target;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "demo", usageHelpWidth = 120, mixinStandardHelpOptions = true,
        description = {"Start an emulated fleet of devices on loopback (127.77.0.x), audit it, print the labels, then "
                       + "watch a generated capture in which the devices with default or no passwords became Mirai bots "
                       + "(written to HOME/demo/mirai-demo.pcap, never sent), and leave audits and incidents in the store "
                       + "for the reports. Nothing leaves this machine."},
        footer = {"", "Examples:", "  warden demo", "  warden demo --devices 2000 --format jsonl > fleet.jsonl"})
public final class DemoCommand implements Callable<Integer> {
    /** One flood per bot, chosen to be small so that watching them adds seconds, not minutes. */
    private static final List<MiraiTraffic.Vector> BOT_VECTORS = List.of(MiraiTraffic.Vector.SYN, MiraiTraffic.Vector.VSE, MiraiTraffic.Vector.HTTP);
    private static final java.util.Set<String> MIRAI_WAYS_IN = java.util.Set.of("default-credentials", "no-authentication");

    @Option(names = "--devices", paramLabel = "N", description = "Emulate N devices from the mixed catalogue instead of one of each persona")
    Integer devices;

    @Option(names = "--first", paramLabel = "ADDRESS", description = "First loopback address of the fleet (default 127.77.0.1)", defaultValue = "127.77.0.1")
    String first;

    @Mixin
    AuditOptions audit = new AuditOptions();

    @Mixin
    HomeOptions home = new HomeOptions();

    @Override
    public Integer call() throws Exception {
        var addr = java.net.InetAddress.ofLiteral(first);
        if (!addr.isLoopbackAddress()) throw new IllegalArgumentException("--first must be a loopback address (127.x.y.z), not " + first);
        boolean low = LowPorts.bindable(first);
        List<Persona> personas = LowPorts.adapt(devices == null ? Personas.standard() : Personas.mixed(devices), low);
        if (audit.timeout == null) audit.timeout = "5s";
        try (Fleet fleet = Fleet.start(first, personas)) {
            var targets = new ArrayList<Target>();
            for (var d : fleet.devices()) targets.add(new Target(d.address(), null));
            System.err.printf("Emulated %d device(s) on %s - %s%s; auditing...%n", targets.size(), targets.getFirst().ip(), targets.getLast().ip(),
                    low ? "" : " (telnet on 2323, HTTP on 8081: ports below 1024 need root)");
            var block = targets.getFirst().ip().replaceFirst("\\.\\d+\\.\\d+$", ".0.0/16");
            var buffer = new ByteArrayOutputStream();
            var result = AuditJob.run(home, audit, targets, ScopeGuard.parse(block), Clock.systemUTC(),
                    new PrintStream(buffer, true, StandardCharsets.UTF_8), System.err);
            if (devices == null && dev.warden.output.Format.parse(audit.format) == dev.warden.output.Format.TABLE) {
                var mapper = new ObjectMapper();
                for (var a : result.summary().devices()) {
                    var label = result.labels().get(a.device().ip());
                    if (label != null) System.out.println(LabelText.render(mapper.valueToTree(label)));
                }
            }
            System.out.print(buffer.toString(StandardCharsets.UTF_8));
            if (audit.noStore) return ExitCodes.OK;
            System.out.flush();
            var bots = takenOver(result.summary().devices());
            if (!bots.isEmpty()) watchBots(bots, block);
            System.err.println("Results are stored in " + home.describeStore() + "; list them with: warden devices" + homeArgs());
            if (!bots.isEmpty()) tryReports(bots.getFirst());
            return ExitCodes.OK;
        }
    }

    /** The demo's bots: audited devices a Mirai-class bot gets into (a factory login, or none at all), one per vector. */
    private static List<String> takenOver(List<dev.warden.assess.Assessment> assessed) {
        var out = new ArrayList<String>();
        for (var a : assessed) {
            if (out.size() == BOT_VECTORS.size()) break;
            if (a.findings().stream().anyMatch(f -> MIRAI_WAYS_IN.contains(f.checkId()))) out.add(a.device().ip());
        }
        return out;
    }

    /**
     * Writes Mirai-like traffic from {@code bots} (scanning, then one flood each against 203.0.113.10) starting now, to a
     * file only, and runs {@code warden watch} on it so that the store holds incidents of audited devices.
     */
    private void watchBots(List<String> bots, String block) throws java.io.IOException {
        Path pcap = home.home().resolve("demo").resolve("mirai-demo.pcap");
        Files.createDirectories(pcap.getParent());
        var addresses = bots.stream().map(ip -> GenerateCommand.v4(ip, "bot")).toList();
        var now = Clock.systemUTC().instant();
        GenerateCommand.write(pcap, List.of(), addresses, BOT_VECTORS.subList(0, bots.size()), GenerateCommand.v4("10.10.10.1", "resolver"),
                GenerateCommand.v4("203.0.113.10", "victim"), 40, 20160930, now.getEpochSecond() * 1_000_000_000L + now.getNano(), null);
        System.err.printf("Generated Mirai-like traffic in which %s scan and flood 203.0.113.10 (file %s, never sent); watching it...%n",
                String.join(", ", bots), pcap);
        var args = new ArrayList<>(List.of("watch", "--local", block, "--format", audit.format, "--home", home.home().toString()));
        if (home.db != null) args.addAll(List.of("--db", home.db));
        if (home.config != null) args.addAll(List.of("--config", home.config.toString()));
        for (String kv : home.set) args.addAll(List.of("--set", kv));
        args.add(pcap.toString());
        if (dev.warden.output.Format.parse(audit.format) == dev.warden.output.Format.TABLE) System.out.println();
        int code = WardenCommand.commandLine().execute(args.toArray(String[]::new));
        if (code != ExitCodes.OK && code != ExitCodes.FINDINGS) throw new IllegalStateException("watching the demo capture failed (exit code " + code + ")");
    }

    /** The report commands worth trying on what the demo left, naming a flood by the first bot. */
    private void tryReports(String firstBot) {
        String incident = "ID";
        try (var store = home.openStore()) {
            String run = store.watchRuns().getFirst().id();
            var mine = store.incidents(new dev.warden.store.Store.IncidentQuery(firstBot, null, null, run, null, null));
            incident = mine.stream().filter(i -> i.detector().startsWith("ddos-")).findFirst().or(() -> mine.stream().findFirst())
                    .map(dev.warden.store.Store.IncidentRow::id).orElse(incident);
        }
        String h = homeArgs();
        System.err.println("Try the reports:");
        System.err.println("  warden report incidents" + h);
        System.err.println("  warden report incident " + incident + " --format pdf --out incident.pdf" + h);
        System.err.println("  warden report liability " + incident + " --format html --out liability.html" + h);
        System.err.println("  warden report device " + firstBot + h);
        System.err.println("  warden report manufacturer --grade F --format html --out makers.html" + h);
    }

    /** --home and --db as given, for commands the user copies. */
    private String homeArgs() {
        return (home.home != null ? " --home " + home.home : "") + (home.db != null ? " --db " + home.db : "");
    }
}
