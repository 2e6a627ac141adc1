package dev.warden.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.emulator.Fleet;
import dev.warden.emulator.LowPorts;
import dev.warden.emulator.Persona;
import dev.warden.emulator.Personas;
import dev.warden.label.LabelText;
import dev.warden.target.ScopeGuard;
import dev.warden.target.Target;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "demo", usageHelpWidth = 120, mixinStandardHelpOptions = true,
        description = {"Start an emulated fleet of devices on loopback (127.77.0.x), audit it, print the labels,",
                "and leave the results in the embedded store. Nothing leaves this machine."},
        footer = {"", "Examples:", "  warden demo", "  warden demo --devices 2000 --format jsonl > fleet.jsonl"})
public final class DemoCommand implements Callable<Integer> {
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
            if (!audit.noStore) System.err.println("Results are stored in " + (home.db != null ? home.db : home.home().resolve("warden.db"))
                    + "; list them with: warden devices");
            return ExitCodes.OK;
        }
    }
}
