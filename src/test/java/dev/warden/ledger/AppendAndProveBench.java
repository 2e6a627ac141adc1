package dev.warden.ledger;

import dev.warden.label.SigningKey;
import dev.warden.ledger.verify.MerkleHash;
import dev.warden.ledger.verify.MerkleProofs;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * Whole-run ledger benchmark (not a unit test; surefire does not pick it up): appends N entries in batches to a fresh
 * SQLite ledger, then times proofs at that size, single durable appends, and a full verify. Run with bench/ledger
 * (bench/README-ledger.md); {@code --entries 1000000 --batch 1000 --proofs 1000} are the defaults.
 */
public final class AppendAndProveBench {
    private AppendAndProveBench() {}

    public static void main(String[] args) throws Exception {
        long entries = 1_000_000;
        int batch = 1000;
        int proofs = 1000;
        int singles = 500;
        Path db = Path.of("bench/out/ledger-bench.db");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--entries" -> entries = Long.parseLong(args[++i]);
                case "--batch" -> batch = Integer.parseInt(args[++i]);
                case "--proofs" -> proofs = Integer.parseInt(args[++i]);
                case "--singles" -> singles = Integer.parseInt(args[++i]);
                case "--db" -> db = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + " (use --entries N --batch B --proofs P --singles S --db FILE)");
            }
        }
        for (String suffix : List.of("", "-wal", "-shm")) Files.deleteIfExists(Path.of(db + suffix));
        var key = SigningKey.generate();
        System.out.printf("ledger benchmark: %,d entries in batches of %,d into %s (SQLite, WAL, synchronous=FULL)%n", entries, batch, db);
        System.out.printf("java %s, %d cpus%n", System.getProperty("java.version"), Runtime.getRuntime().availableProcessors());

        try (var ledger = Ledger.sqlite(db, key, Clock.systemUTC())) {
            // -- bulk appends
            long t0 = System.nanoTime();
            long lastReport = t0;
            long lastDone = 0;
            long done = 0;
            while (done < entries) {
                int n = (int) Math.min(batch, entries - done);
                var list = new ArrayList<Ledger.NewEntry>(n);
                for (int i = 0; i < n; i++) list.add(finding(done + i));
                ledger.appendAll(list);
                done += n;
                long now = System.nanoTime();
                if (now - lastReport > 10_000_000_000L || done == entries) {
                    System.out.printf("  %,11d entries  %6.1f s  %,9.0f appends/s in the last %.1f s%n", done, (now - t0) / 1e9,
                            (done - lastDone) / ((now - lastReport) / 1e9), (now - lastReport) / 1e9);
                    lastReport = now;
                    lastDone = done;
                }
            }
            double appendSeconds = (System.nanoTime() - t0) / 1e9;
            System.out.printf("appendAll: %,d entries in %.1f s = %,.0f appends/s (%,d signed tree heads)%n", entries, appendSeconds,
                    entries / appendSeconds, ledger.headCount());

            // -- proofs at full size
            long size = ledger.size();
            byte[] root = ledger.rootAt(size);
            var random = new Random(42);
            long[] inclusion = new long[proofs];
            long[] consistency = new long[proofs];
            long[] export = new long[proofs];
            for (int warm = 0; warm < 200; warm++) ledger.inclusionProof(random.nextLong(size), size);
            for (int i = 0; i < proofs; i++) {
                long seq = random.nextLong(size);
                long s = System.nanoTime();
                var path = ledger.inclusionProof(seq, size);
                inclusion[i] = System.nanoTime() - s;
                MerkleProofs.verifyInclusion(seq, size, ledger.entry(seq).orElseThrow().leafHash(), path, root);

                long old = 1 + random.nextLong(size);
                s = System.nanoTime();
                var cpath = ledger.consistencyProof(old, size);
                consistency[i] = System.nanoTime() - s;
                if (i < 50) MerkleProofs.verifyConsistency(old, size, ledger.rootAt(old), root, cpath);

                s = System.nanoTime();
                ledger.exportProof(seq, Optional.empty(), key.publicKey());
                export[i] = System.nanoTime() - s;
            }
            System.out.printf("inclusion proof at %,d entries (%d random, all verified): %s%n", size, proofs, stats(inclusion));
            System.out.printf("consistency proof to %,d entries (%d random):           %s%n", size, proofs, stats(consistency));
            System.out.printf("proof export (entry + path + head as JSON, %d):          %s%n", proofs, stats(export));

            // -- one durable append per call: one transaction, one fsync, one signature each
            long s = System.nanoTime();
            for (int i = 0; i < singles; i++) ledger.append("ack", "bench", "{\"single\":true}".getBytes(StandardCharsets.UTF_8));
            double singleSeconds = (System.nanoTime() - s) / 1e9;
            System.out.printf("append (batch of 1): %d in %.2f s = %,.0f appends/s, %.2f ms each%n", singles, singleSeconds, singles / singleSeconds,
                    singleSeconds * 1000 / singles);

            // -- full recheck
            s = System.nanoTime();
            var report = ledger.verify(key.publicKey());
            double verifySeconds = (System.nanoTime() - s) / 1e9;
            System.out.printf("verify: %s in %.1f s (%,.0f entries/s)%n", report.intact() ? "intact" : report.summary(), verifySeconds,
                    report.entries() / verifySeconds);
        }
        long bytes = 0;
        for (String suffix : List.of("", "-wal")) {
            Path p = Path.of(db + suffix);
            if (Files.exists(p)) bytes += Files.size(p);
        }
        System.out.printf("database: %,.0f MB (%,.0f bytes per entry)%n", bytes / 1e6, (double) bytes / entries);
    }

    /** A finding-sized body (about 400 bytes), different for every entry. */
    static Ledger.NewEntry finding(long n) {
        String ip = "10." + (n >> 16 & 255) + "." + (n >> 8 & 255) + "." + (n & 255);
        String body = "{\"auditId\":\"A20261125T120000-" + (n / 1000) + "\",\"finding\":{\"check\":\"default-credentials\",\"severity\":\"critical\","
                + "\"port\":23,\"protocol\":\"telnet\",\"summary\":\"telnet on port 23 accepts the default login for user 'root'\","
                + "\"evidence\":\"logged in as root; ran 'echo TOKEN''TOKEN', the device printed TOKENTOKEN\",\"user\":\"root\","
                + "\"password\":\"******\",\"provisions\":[\"ETSI EN 303 645 5.1-1\",\"UK PSTI Sch1-1\"],\"n\":" + n + "}}";
        return new Ledger.NewEntry("finding", ip, body.getBytes(StandardCharsets.UTF_8));
    }

    static String stats(long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        double mean = Arrays.stream(sorted).average().orElse(0) / 1000;
        return String.format("mean %.0f us, p50 %.0f us, p99 %.0f us, max %.0f us", mean, sorted[sorted.length / 2] / 1000.0,
                sorted[(int) Math.ceil(sorted.length * 0.99) - 1] / 1000.0, sorted[sorted.length - 1] / 1000.0);
    }
}
