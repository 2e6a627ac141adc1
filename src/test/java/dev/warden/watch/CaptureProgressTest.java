package dev.warden.watch;

import dev.warden.capture.CaptureException;
import dev.warden.capture.CaptureStats;
import dev.warden.cli.Main;
import dev.warden.config.Settings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The live capture's progress line: when it is due, what it says, and what the engine publishes for it. */
class CaptureProgressTest {
    private static final long S = 1_000_000_000L;
    private static final WatchEngine.Progress ENGINE = new WatchEngine.Progress(1843, 40, 12, 5, 1, 3);
    private static final CaptureProgress.Counters KERNEL = () -> new CaptureStats(1850, 2, 0);

    @Test
    void aLineFallsDueEachIntervalOfTheTicker() {
        var clock = new AtomicLong(7 * S); // any origin: only differences count
        var p = new CaptureProgress("eth1", Duration.ofSeconds(10), clock::get);
        assertEquals(10 * S, p.nanosToNext());
        clock.addAndGet(9 * S);
        assertNull(p.poll(ENGINE, KERNEL), "not before 10 s");
        assertEquals(S, p.nanosToNext());
        clock.addAndGet(S);
        assertEquals("warden: eth1: after 10 s: 1843 IP packets analysed; libpcap: 1850 packets received, 2 dropped by the kernel, "
                + "0 dropped by the interface; 12 flows open, 40 ended; 5 devices; 1 open incident, 3 in all", p.poll(ENGINE, KERNEL));
        assertNull(p.poll(ENGINE, KERNEL), "one line per interval");
        clock.addAndGet(10 * S + S / 2); // a late wake-up: the line still says where the schedule is
        assertTrue(p.poll(ENGINE, KERNEL).startsWith("warden: eth1: after 20 s: "));
        assertEquals(10 * S - S / 2, p.nanosToNext(), "the schedule does not drift with late wake-ups");
    }

    @Test
    void missedIntervalsGiveOneLineNotABurst() {
        var clock = new AtomicLong();
        var p = new CaptureProgress("lo", Duration.ofSeconds(10), clock::get);
        clock.set(65 * S); // the machine was suspended
        assertTrue(p.poll(ENGINE, KERNEL).startsWith("warden: lo: after 60 s: "));
        assertNull(p.poll(ENGINE, KERNEL));
        assertEquals(5 * S, p.nanosToNext());
    }

    @Test
    void countersThatCannotBeReadAreSaidSo() {
        var clock = new AtomicLong();
        var p = new CaptureProgress("eth1", Duration.ofMillis(500), clock::get);
        clock.set(S / 2);
        String line = p.poll(new WatchEngine.Progress(0, 0, 1, 1, 0, 0),
                () -> { throw new CaptureException("eth1", -1, "cannot read capture statistics: gone"); });
        assertEquals("warden: eth1: after 0.5 s: 0 IP packets analysed; libpcap: no counters (eth1: cannot read capture statistics: gone); "
                + "1 flow open, 0 ended; 1 device; 0 open incidents, 0 in all", line);
    }

    @Test
    void elapsedTimeIsAsShortAsItCanBe() {
        assertEquals("0.5 s", CaptureProgress.elapsed(S / 2));
        assertEquals("2.5 s", CaptureProgress.elapsed(5 * S / 2));
        assertEquals("10 s", CaptureProgress.elapsed(10 * S));
        assertEquals("119 s", CaptureProgress.elapsed(119 * S));
        assertEquals("2 min", CaptureProgress.elapsed(120 * S));
        assertEquals("2 min 5 s", CaptureProgress.elapsed(125 * S));
        assertEquals("1 h 2 min", CaptureProgress.elapsed(3720 * S));
        assertEquals("59 min 59 s", CaptureProgress.elapsed(3599 * S));
        assertEquals("2 h", CaptureProgress.elapsed(7200 * S));
    }

    @Test
    void aZeroIntervalIsOffAndANegativeOneIsRefused() {
        var printed = new StringBuilder();
        try (var running = CaptureProgress.start("lo", Duration.ZERO, () -> { throw new AssertionError("no clock is read when off"); },
                () -> ENGINE, KERNEL, printed::append)) {
            assertEquals("", printed.toString());
        }
        assertThrows(IllegalArgumentException.class, () -> new CaptureProgress("lo", Duration.ofSeconds(-1), () -> 0));
    }

    @Test
    void theReferenceIntervalIsTenSeconds() {
        assertEquals(Duration.ofSeconds(10), Settings.reference().duration("watch.capture.stats-interval"));
    }

    /** What the engine publishes for the line matches its own counters once the input has ended. */
    @Test
    void theEnginePublishesItsProgressAtTicksAndAtTheEnd(@TempDir Path dir) throws Exception {
        Path bots = dir.resolve("bots.pcap");
        assertEquals(0, Main.run("generate", "--out", bots.toString(), "--seed", "7", "--vectors", "syn", "--first-bot", "10.10.10.201"));
        var session = new WatchSession(WatchEngine.Config.defaults(Settings.reference()), null);
        assertEquals(new WatchEngine.Progress(0, 0, 0, 0, 0, 0), session.engine().progress(), "nothing before the first packet");
        session.read(bots, null);
        var during = session.engine().progress();
        assertTrue(during.packets() > 0 && during.packets() <= session.engine().packets(), during.toString());
        assertTrue(during.openIncidents() > 0, "the bots' incidents are open while the input lasts: " + during);
        session.finish();
        var end = session.engine().progress();
        var e = session.engine();
        assertEquals(new WatchEngine.Progress(e.packets(), e.flows(), 0, e.devices().size(), 0, e.incidents().size()), end);
        assertTrue(end.incidents() > 0 && end.devices() > 0, end.toString());
    }
}
