package dev.warden.audit;

import org.junit.jupiter.api.Test;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A few thousand emulated devices audited in a JVM whose heap is capped at 256 MiB: if memory grew with the fleet
 * beyond that, the run would die with OutOfMemoryError. Checks every vulnerable device is reported.
 */
class LargeFleetTest {
    static final int DEVICES = 3000;

    @Test
    void auditOfThousandsOfDevicesCompletesInBoundedMemory() throws Exception {
        Path out = Files.createTempFile("fleet", ".jsonl");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        var pb = new ProcessBuilder(java, "-Xmx256m", "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"), "dev.warden.cli.Main",
                "demo", "--devices", Integer.toString(DEVICES), "--first", "127.81.0.1", "--format", "jsonl", "--no-store",
                "--home", Files.createTempDirectory("wh").toString(), "--ports", "23,80,8080", "--udp-ports", "", "--quiet");
        pb.redirectOutput(out.toFile());
        pb.redirectError(ProcessBuilder.Redirect.appendTo(new File(out + ".err")));
        Process p = pb.start();
        assertTrue(p.waitFor(8, TimeUnit.MINUTES), "audit of " + DEVICES + " devices did not finish in 8 minutes");
        String err = Files.readString(Path.of(out + ".err"));
        assertEquals(0, p.exitValue(), err);
        List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
        long devices = lines.stream().filter(l -> l.startsWith("{\"type\":\"device\"")).count();
        long dvrHits = lines.stream().filter(l -> l.contains("\"type\":\"finding\"") && l.contains("default-credentials") && l.contains("\"user\":\"root\"")).count();
        assertEquals(DEVICES, devices, "devices reported");
        assertEquals(DEVICES / 6, dvrHits, "XiongMai DVR default logins found");
        assertTrue(!err.contains("OutOfMemoryError"), err);
    }
}
