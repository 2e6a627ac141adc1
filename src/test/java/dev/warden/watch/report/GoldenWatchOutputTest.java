package dev.warden.watch.report;

import dev.warden.config.Settings;
import dev.warden.output.Format;
import dev.warden.watch.Golden;
import dev.warden.watch.WatchEngine;
import dev.warden.watch.WatchSession;
import dev.warden.watch.intel.Indicators;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Every output format of {@code warden watch} against a golden file, from a synthetic conn.log (documentation
 * addresses only): a bot camera that scans telnet, guesses passwords, is logged into by a listed loader, downloads from
 * a listed server, calls a listed C&C, floods three victims by three vectors; a Raspberry Pi that port-scans the
 * router; a smart plug that only does its job; and two malformed lines.
 */
class GoldenWatchOutputTest {
    static WatchSession session;

    @BeforeAll
    static void watch() throws Exception {
        var config = WatchEngine.Config.defaults(Settings.reference()).withIntel(Indicators.load(Path.of("src/test/resources/watch/intel")));
        session = new WatchSession(config, null);
        session.read(Path.of("src/test/resources/watch/mixed.conn.log"), null);
        session.finish();
    }

    static String render(Format f) {
        var buf = new ByteArrayOutputStream();
        session.print(f, new PrintStream(buf, true, StandardCharsets.UTF_8));
        return buf.toString(StandardCharsets.UTF_8);
    }

    @Test
    void table() throws Exception {
        Golden.check("watch.table.txt", render(Format.TABLE));
    }

    @Test
    void jsonLines() throws Exception {
        Golden.check("watch.jsonl", render(Format.JSONL));
    }

    @Test
    void csv() throws Exception {
        Golden.check("watch.csv", render(Format.CSV));
    }
}
