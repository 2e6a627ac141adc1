package dev.warden.watch.eval;

import dev.warden.config.Settings;
import dev.warden.watch.Golden;
import dev.warden.watch.intel.Indicators;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The IoT-23 evaluation as a golden file (src/test/resources/golden/eval.iot23.txt), plus the claims it must keep:
 * every infected host flagged by a detector that matches its labels, no clean host flagged. Skipped when the shared
 * data is not next to the project.
 */
class EvaluationTest {
    static final Path DATA = Path.of("../shared/data/iot23"), INTEL = Path.of("../shared/data/intel");

    @Test
    void iot23() throws Exception {
        assumeTrue(Files.isDirectory(DATA), "no " + DATA + ": the shared IoT-23 data is not here");
        var buf = new ByteArrayOutputStream();
        Indicators intel = Files.isDirectory(INTEL) ? Indicators.load(INTEL) : Indicators.none();
        List<Evaluation.HostResult> results = new Evaluation(Settings.reference(), intel).run(DATA, INTEL, new PrintStream(buf, true, StandardCharsets.UTF_8));
        Golden.check("eval.iot23.txt", buf.toString(StandardCharsets.UTF_8));
        for (var r : results) {
            assertEquals(r.infected() ? "TP" : "TN", r.verdict(), r.run() + ": " + r.dataset() + " " + r.host());
        }
        assertEquals(List.of("192.168.1.195", "192.168.100.113", "192.168.1.195", "192.168.100.113"),
                results.stream().filter(Evaluation.HostResult::infected).map(Evaluation.HostResult::host).toList());
    }
}
