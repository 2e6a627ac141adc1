package dev.warden.cli;

import dev.warden.config.Settings;
import dev.warden.output.Format;
import dev.warden.store.Store;
import dev.warden.watch.WatchEngine;
import dev.warden.watch.WatchSession;
import dev.warden.watch.device.KnownDevice;
import dev.warden.watch.device.LocalNetworks;
import dev.warden.watch.intel.Indicators;
import dev.warden.watch.profile.Profiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "watch", mixinStandardHelpOptions = true,
        description = {"Say which devices have been taken over (Mirai-class bots), from their traffic.",
                "Reads Zeek conn.log files (TSV, JSON or CSV such as IoT-23's), recognised by content, and reports incidents:",
                "scanning, password guessing, DDoS participation by vector, C&C contact, and more (docs/watch.md).",
                "Monitored devices are the local (private) addresses unless --local says otherwise."},
        footer = {"", "Exit codes: 0 no incident, 1 at least one incident, 2 wrong command line, 3 could not run.",
                "", "Examples:",
                "  warden watch conn.log",
                "  warden watch --format jsonl --intel intel/ conn.log.gz > incidents.jsonl",
                "  warden watch --local 10.20.0.0/16 logs/*.log",
                "  warden watch --learn 24h --profile home.profile.json monday.log    (learn, then judge the rest)",
                "  warden watch --profile home.profile.json tuesday.log               (judge against what was learned)"})
public final class WatchCommand implements Callable<Integer> {
    @Parameters(paramLabel = "PATH", arity = "1..*", description = "Flow records to read, in order (Zeek conn.log as TSV, JSON or CSV; gzip is fine)")
    List<Path> paths = new ArrayList<>();

    @Option(names = {"-f", "--format"}, paramLabel = "FORMAT", defaultValue = "table", description = "table, jsonl or csv (default table)")
    String format;

    @Option(names = "--local", paramLabel = "CIDR,...", description = "Monitored device addresses (default: private and link-local ranges, watch.local)")
    String local;

    @Option(names = "--intel", paramLabel = "DIR", description = "Threat-intel lists: cncserverlist, downloadserverlist, loaderlist (docs/watch.md)")
    Path intel;

    @Option(names = "--learn", paramLabel = "DURATION", description = "Learn each device for this long from its first flow (e.g. 1h, 7d is 168h); then report what is new")
    String learn;

    @Option(names = "--profile", paramLabel = "FILE", description = "Learned profiles: read at start when the file exists, written at the end")
    Path profile;

    @Mixin
    HomeOptions home = new HomeOptions();

    @Override
    public Integer call() throws Exception {
        Format f = Format.parse(format);
        var settings = home.settings();
        var config = WatchEngine.Config.defaults(settings).withKnown(knownDevices()).withOui(dev.warden.identify.OuiRegistry.load());
        if (local != null) config = config.withLocal(LocalNetworks.parse(local));
        if (intel != null) {
            Indicators in = Indicators.load(intel);
            for (String p : in.problems()) System.err.println("warden: intel: " + p);
            config = config.withIntel(in);
        }
        long learnMicros = (learn != null ? Settings.parseDuration(learn) : settings.duration("watch.profile.learn")).toNanos() / 1000;
        Profiles profiles = profile != null ? Profiles.load(profile, learnMicros) : new Profiles(learnMicros);
        config = config.withProfiles(profiles);
        var session = new WatchSession(config, null);
        for (Path p : paths) session.read(p, System.err);
        var incidents = session.finish();
        if (profile != null) profiles.save(profile);
        session.print(f, System.out);
        System.out.flush();
        return incidents.isEmpty() ? ExitCodes.OK : ExitCodes.FINDINGS;
    }

    /** Names and audit label grades from the store, when there is one; watching never creates a database. */
    private List<KnownDevice> knownDevices() {
        boolean jdbc = home.db != null && home.db.startsWith("jdbc:");
        Path file = home.db != null && !jdbc ? Path.of(home.db) : home.home().resolve("warden.db");
        if (!jdbc && !Files.exists(file)) return List.of();
        var known = new ArrayList<KnownDevice>();
        try (Store store = home.openStore()) {
            for (var r : store.devices()) {
                String name = r.manufacturer() == null ? null : r.manufacturer() + (r.model() == null ? "" : " " + r.model());
                known.add(new KnownDevice(r.ip(), r.mac(), name, r.grade()));
            }
        }
        return known;
    }
}
