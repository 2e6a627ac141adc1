package dev.warden.capture;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Compares Warden's reading and decoding with tshark's: packet counts, bytes, timestamps, per-protocol counts, sums of
 * ports, TTLs, sequence numbers and header lengths, and the first SYN, per capture. The expected lines were written
 * once by tshark ({@code src/test/resources/capture/golden/regenerate.sh}), so tshark is not needed here.
 */
class GoldenSummaryTest {

    @Test
    void syntheticCapturesMatchTshark() throws Exception {
        Map<String, String> golden = golden("synthetic.tsv");
        Map<String, byte[]> files = new LinkedHashMap<>(SyntheticCaptures.all());
        files.put("mergecap-three-interfaces.pcapng", resource("mergecap-three-interfaces.pcapng"));
        assertEquals(golden.keySet().stream().sorted().toList(), files.keySet().stream().sorted().toList());
        List<String> diffs = new ArrayList<>();
        for (var e : files.entrySet()) {
            try (PacketSource src = PacketSource.of(MemorySegment.ofArray(e.getValue()), e.getKey(), OnCorrupt.STOP)) {
                compare(golden.get(e.getKey()), GoldenSummary.of(e.getKey(), src), diffs);
            }
        }
        assertTrue(diffs.isEmpty(), String.join("\n", diffs));
    }

    @Test
    void realCapturesMatchTshark() throws Exception {
        Path data = Captures.DATA;
        assumeTrue(Files.isDirectory(data.resolve("iot-sentinel")) && Files.isDirectory(data.resolve("ddos-pcap")),
            "shared data sets not present");
        Map<String, String> golden = golden("real.tsv");
        List<String> diffs = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        for (Path f : concat(Captures.iotSentinel(), Captures.ddos())) {
            String name = data.relativize(f).toString().replace('\\', '/');
            seen.add(name);
            try (PacketSource src = PacketSource.open(f)) {
                compare(golden.get(name), GoldenSummary.of(name, src), diffs);
            }
        }
        assertEquals(golden.keySet().stream().sorted().toList(), seen.stream().sorted().toList(), "the data set changed");
        assertTrue(diffs.isEmpty(), diffs.size() + " captures differ from tshark:\n" + String.join("\n", diffs));
    }

    private static List<Path> concat(List<Path> a, List<Path> b) {
        List<Path> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    /** Collects the columns that differ, named, so one failure message shows every disagreement. */
    private static void compare(String expected, String actual, List<String> diffs) {
        String[] names = GoldenSummary.HEADER.split("\t");
        String[] a = actual.split("\t");
        if (expected == null) {
            diffs.add(a[0] + ": no golden line");
            return;
        }
        String[] e = expected.split("\t");
        StringBuilder sb = new StringBuilder();
        for (int i = 1; i < names.length; i++) {
            if (!e[i].equals(a[i])) sb.append(' ').append(names[i]).append(" tshark=").append(e[i]).append(" warden=").append(a[i]);
        }
        if (!sb.isEmpty()) diffs.add(a[0] + ":" + sb);
    }

    private static Map<String, String> golden(String name) throws IOException {
        String text = new String(resource(name), StandardCharsets.UTF_8);
        Map<String, String> lines = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            if (line.startsWith("#") || line.isBlank()) continue;
            if (line.startsWith("file\t")) {
                assertEquals(GoldenSummary.HEADER, line, "the columns of " + name + " and GoldenSummary differ");
                continue;
            }
            lines.put(line.substring(0, line.indexOf('\t')), line);
        }
        return lines;
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = GoldenSummaryTest.class.getResourceAsStream("/capture/golden/" + name)) {
            if (in == null) throw new IOException("missing test resource capture/golden/" + name);
            return in.readAllBytes();
        }
    }
}
