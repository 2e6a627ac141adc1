package dev.warden.cli;

import dev.warden.emulator.Fleet;
import dev.warden.emulator.LowPorts;
import dev.warden.emulator.Persona;
import dev.warden.emulator.Personas;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "emulate", usageHelpWidth = 120, mixinStandardHelpOptions = true,
        description = {"Run the emulated device fleet on loopback until stopped (for benchmarks and manual tests).",
                "Prints one line per device: address, persona, and what an audit must find there."},
        footer = {"", "Examples:", "  warden emulate --devices 500 --for 10min", "  warden emulate --persona xiongmai-dvr --devices 50"})
public final class EmulateCommand implements Callable<Integer> {
    @Option(names = "--devices", paramLabel = "N", description = "Number of devices (default: one of each persona)")
    Integer devices;

    @Option(names = "--persona", paramLabel = "NAME", description = "Only this persona (with --devices: N copies)")
    String persona;

    @Option(names = "--first", paramLabel = "ADDRESS", defaultValue = "127.77.0.1", description = "First loopback address (default 127.77.0.1)")
    String first;

    @Option(names = "--failure-delay", paramLabel = "MS", defaultValue = "0", description = "Delay before 'Login incorrect' on emulated telnet DVRs (ms)")
    long failureDelay;

    @Option(names = "--for", paramLabel = "DURATION", description = "Stop after this long, e.g. 90s or 10min (default: until killed)")
    String duration;

    @Override
    public Integer call() throws Exception {
        if (!java.net.InetAddress.ofLiteral(first).isLoopbackAddress()) throw new IllegalArgumentException("--first must be a loopback address, not " + first);
        List<Persona> list;
        if (persona != null) {
            Persona p = catalogue().stream().filter(x -> x.name().equals(persona)).findFirst().orElseThrow(() ->
                    new IllegalArgumentException("unknown persona '" + persona + "'; known: " + catalogue().stream().map(Persona::name).toList()));
            list = java.util.Collections.nCopies(devices == null ? 1 : devices, p);
        } else {
            list = devices == null ? Personas.standard() : Personas.mixed(devices);
        }
        list = LowPorts.adapt(list, LowPorts.bindable(first));
        try (Fleet fleet = Fleet.start(first, list)) {
            for (var d : fleet.devices()) {
                System.out.println(d.ip() + "\t" + d.persona().name() + "\t" + d.persona().ports().keySet() + "\t" + d.persona().truth());
            }
            System.out.flush();
            if (duration != null) {
                Thread.sleep(dev.warden.config.Settings.parseDuration(duration).toMillis());
            } else {
                Thread.currentThread().join();
            }
        }
        return ExitCodes.OK;
    }

    private List<Persona> catalogue() {
        var l = new java.util.ArrayList<>(Personas.standard());
        l.set(0, Personas.xiongmaiDvr(failureDelay));
        return l;
    }
}
