package dev.warden.ledger;

import dev.warden.label.SigningKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Kill -9 during heavy appends: a child JVM appends from four threads and prints each acknowledged seq; it is killed
 * with SIGKILL about a second into the run, three times over on the same database. Every seq it printed must be there
 * afterwards, and the whole log must verify.
 */
class LedgerCrashTest {
    @Test
    void everyAcknowledgedAppendSurvivesKillMinusNine(@TempDir Path dir) throws Exception {
        Path db = dir.resolve("warden.db");
        Path keys = dir.resolve("keys");
        long before = 0;
        for (int round = 1; round <= 3; round++) {
            List<Long> acknowledged = runAndKill(db, keys);
            assertTrue(acknowledged.size() > 50, "round " + round + ": the child acknowledged only " + acknowledged.size() + " appends");
            try (var ledger = Ledger.readOnly(Ledger.sqliteUrl(db))) {
                long size = ledger.size();
                for (long seq : acknowledged) {
                    assertTrue(seq < size && ledger.entry(seq).isPresent(), "round " + round + ": acknowledged entry " + seq + " is gone");
                }
                long previous = before;
                assertTrue(acknowledged.stream().allMatch(s -> s >= previous), "round " + round + " continues the log");
                var report = ledger.verify(SigningKey.loadOrCreate(keys).publicKey());
                assertTrue(report.intact(), "round " + round + ": " + report.summary());
                assertEquals(size, report.entries());
                before = size;
            }
        }
    }

    /** Starts the appender, waits for its first acknowledgement, lets it run a second, then kills it with SIGKILL. */
    private static List<Long> runAndKill(Path db, Path keys) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        var pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), "--enable-native-access=ALL-UNNAMED",
                CrashAppender.class.getName(), db.toString(), keys.toString());
        pb.redirectError(db.resolveSibling("child.err").toFile());
        Process child = pb.start();
        var acknowledged = new ArrayList<Long>();
        var first = new CountDownLatch(1);
        Thread reader = Thread.ofPlatform().start(() -> readLines(child.getInputStream(), acknowledged, first));
        try {
            assertTrue(first.await(60, TimeUnit.SECONDS), "the appender never acknowledged an append; see " + db.resolveSibling("child.err"));
            Thread.sleep(1000);
        } finally {
            child.destroyForcibly(); // SIGKILL on Linux: no shutdown hooks, no finally blocks, no close()
            child.waitFor(30, TimeUnit.SECONDS);
        }
        reader.join(10_000);
        assertEquals(137, child.exitValue(), "killed by SIGKILL");
        synchronized (acknowledged) {
            return List.copyOf(acknowledged);
        }
    }

    /** Only lines that end in a newline count: a seq cut off by the kill was never fully acknowledged. */
    private static void readLines(InputStream in, List<Long> out, CountDownLatch first) {
        var line = new StringBuilder();
        try (in) {
            int c;
            while ((c = in.read()) != -1) {
                if (c != '\n') {
                    line.append((char) c);
                    continue;
                }
                synchronized (out) {
                    out.add(Long.parseLong(line.toString()));
                }
                line.setLength(0);
                first.countDown();
            }
        } catch (java.io.IOException e) {
            // the pipe closes when the child dies
        }
    }
}
