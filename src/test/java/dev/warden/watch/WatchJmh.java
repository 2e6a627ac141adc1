package dev.warden.watch;

import dev.warden.config.Settings;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The whole {@code warden watch FILE} pipeline on a real pcap under JMH: one operation is one pass over the file in
 * a fresh session (read, decode, flow table, devices, every detector, incidents, the JSONL report printed to
 * nowhere), as {@link PacketPipelineBench}'s rounds are; {@code watch} reads ahead on a second thread as
 * {@code warden watch} does by default, {@code watch1} runs on one thread. Warm-up is by time (30 s a fork: the JIT
 * compiles the per-pass set-up and report for that long). Run by bench/watch/jmh, which sets the file
 * ({@code -Dwarden.bench.file}), puts softflowd beside it and turns the time per pass into packets per second.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 15, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 3, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+UseParallelGC"})
public class WatchJmh {
    /** As bench/watch/packets names them: {@code watch} reads ahead, {@code watch1} runs on one thread. */
    @Param({"watch", "watch1"})
    public String mode;

    private Path file, intel;
    private Settings settings;

    @Setup(Level.Trial)
    public void setUp() {
        file = Path.of(System.getProperty("warden.bench.file", "/tmp/warden-bench/real-3000000.pcap"));
        if (!Files.isReadable(file)) {
            throw new IllegalStateException(file + " is not there: bench/watch/packets or bench/capture's CaptureBench builds it");
        }
        intel = Path.of(System.getProperty("warden.bench.intel", "../shared/data/intel"));
        if (!mode.equals("watch") && !mode.equals("watch1")) throw new IllegalArgumentException("mode " + mode + ": watch or watch1");
        settings = PacketPipelineBench.forMode(Settings.reference(), mode);
    }

    /** One pass over the file; what it found (packets, flows, devices, incidents) is the result, so nothing is elided. */
    @Benchmark
    public String pass() throws Exception {
        return PacketPipelineBench.watch(settings, file, intel, null);
    }
}
