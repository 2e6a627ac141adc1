package dev.warden.watch.detect;

import dev.warden.config.Settings;
import dev.warden.watch.WatchEngine;
import dev.warden.watch.input.PacketFiles;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The real captures of ../shared/data, for tests that skip when the folder is absent. */
final class SharedCaptures {
    static final Path DATA = Path.of("..", "shared", "data");
    private static final Pattern NUMBER = Pattern.compile("(\\d+)");

    private SharedCaptures() {}

    static Path folder(String name) {
        Path p = DATA.resolve(name);
        Assumptions.assumeTrue(Files.isDirectory(p), "no " + p + ": shared captures absent");
        return p;
    }

    static WatchEngine engine(UnaryOperator<WatchEngine.Config> config) {
        return WatchEngine.build(config.apply(WatchEngine.Config.defaults(Settings.reference())));
    }

    static void read(WatchEngine e, List<Path> files) throws IOException {
        for (Path f : files) PacketFiles.read(f, e);
    }

    /** The IoT Sentinel device folders (those with an _iotdevice-mac.txt), by name. */
    static List<Path> deviceFolders(Path root) throws IOException {
        try (var s = Files.list(root)) {
            return s.filter(p -> Files.isRegularFile(p.resolve("_iotdevice-mac.txt"))).sorted().toList();
        }
    }

    /** A device folder's Setup-*.pcap files in recording order: Setup-A-1, A-2, ..., A-10, then Setup-C-1, ... */
    static List<Path> setups(Path device) throws IOException {
        try (var s = Files.list(device)) {
            return s.filter(p -> p.getFileName().toString().startsWith("Setup-") && p.getFileName().toString().endsWith(".pcap"))
                    .sorted(Comparator.comparing((Path p) -> p.getFileName().toString().replaceAll("-\\d+-.*", ""))
                            .thenComparingInt(SharedCaptures::number))
                    .toList();
        }
    }

    private static int number(Path p) {
        Matcher m = NUMBER.matcher(p.getFileName().toString());
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }

    /** The MAC of _iotdevice-mac.txt as a 48-bit number. */
    static long mac(Path device) throws IOException {
        String text = Files.readString(device.resolve("_iotdevice-mac.txt")).strip();
        return Long.parseLong(text.replace(":", "").replace("-", ""), 16);
    }
}
