package dev.warden.watch;

import dev.warden.capture.Captures;
import dev.warden.config.Settings;
import dev.warden.output.Format;
import dev.warden.watch.netflow.DatagramFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** `warden watch` finds the same, to the byte, whether capture files are read on the engine's thread or ahead of it. */
class ReadAheadReportTest {

    private static String report(List<Path> files, boolean readAhead, Path intel) throws Exception {
        var settings = Settings.reference().with("watch.input.read-ahead", Boolean.toString(readAhead))
                .with("watch.input.read-ahead-min-bytes", "1"); // small files too
        var config = WatchEngine.Config.defaults(settings).withIntel(dev.warden.watch.intel.Indicators.load(intel));
        var session = new WatchSession(config, new DatagramFiles(null, 65535));
        for (Path f : files) session.read(f, null);
        session.finish();
        var out = new ByteArrayOutputStream();
        session.print(Format.JSONL, new PrintStream(out, true, StandardCharsets.UTF_8));
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void generatedBotsAmongRealDevicesGiveTheSameReport(@TempDir Path dir) throws Exception {
        List<Path> files = new ArrayList<>(Captures.iotSentinel().stream().limit(40).toList()); // the benign set-ups, when present
        Path bots = dir.resolve("bots.pcap");
        assertEquals(0, dev.warden.cli.Main.run("generate", "--out", bots.toString(), "--cnc", "cnc.example.net", "--scan-probes", "400"));
        files.add(bots);
        // the C&C by name and by address: DNS queries' names and responses' answers are read as well
        Path intel = Files.createDirectories(dir.resolve("intel"));
        Files.writeString(intel.resolve(dev.warden.watch.intel.Indicators.CNC_FILE), "cnc.example.net\n198.51.100.23:23\n");
        String one = report(files, false, intel);
        assertTrue(one.contains("\"type\":\"incident\"") && one.contains("mirai-syn-probe"), one);
        assertTrue(one.contains("\"lookups\""), "the bots' look-ups of their C&C are in the report");
        // the devices' own names (mDNS, SSDP: announcements told from queries on the reading thread when it reads ahead)
        if (files.size() > 1) assertTrue(one.contains("\"names\":[\""), one);
        assertEquals(one, report(files, true, intel));
    }
}
