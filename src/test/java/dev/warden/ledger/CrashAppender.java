package dev.warden.ledger;

import dev.warden.label.SigningKey;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;

/**
 * The child process of {@link LedgerCrashTest}: four threads append batches as fast as they can and print the seq of
 * every entry only after its append returned (that is, after the commit). The parent kills it with SIGKILL.
 */
public final class CrashAppender {
    private CrashAppender() {}

    public static void main(String[] args) throws Exception {
        Path db = Path.of(args[0]);
        var key = SigningKey.loadOrCreate(Path.of(args[1]));
        var ledger = Ledger.sqlite(db, key, Clock.systemUTC());
        var threads = new ArrayList<Thread>();
        for (int t = 0; t < 4; t++) {
            int id = t;
            threads.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; ; i++) {
                    var batch = new ArrayList<Ledger.NewEntry>();
                    for (int j = 0; j <= (i + id) % 16; j++) {
                        batch.add(new Ledger.NewEntry("finding", "10.9." + id + "." + j,
                                ("{\"thread\":" + id + ",\"batch\":" + i + ",\"j\":" + j + "}").getBytes(StandardCharsets.UTF_8)));
                    }
                    var receipts = ledger.appendAll(batch);
                    var sb = new StringBuilder();
                    for (var r : receipts) sb.append(r.seq()).append('\n');
                    synchronized (System.out) {
                        System.out.print(sb);
                        System.out.flush();
                    }
                }
            }));
        }
        for (var t : threads) t.join();
    }
}
