package dev.warden.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.watch.WatchCommandTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What 'warden demo' leaves is enough for every report: it audits the emulated fleet, watches a generated capture in
 * which the devices with factory passwords are bots, and names the reports to try; each of them renders, PDFs included.
 */
class DemoReportsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void reportsRenderForTheDemoData(@TempDir Path home) throws Exception {
        var demo = WatchCommandTest.run("demo", "--home", home.toString(), "--first", "127.78.10.1", "--quiet");
        assertEquals(0, demo.code(), demo.err());
        assertTrue(Files.isRegularFile(home.resolve("demo/mirai-demo.pcap")), "the generated capture stays on disk");
        assertTrue(demo.err().contains("recorded run W1 ("), demo.err());
        var suggested = Pattern.compile("warden report incident (W1-I\\d+) ").matcher(demo.err());
        assertTrue(suggested.find(), "the demo names an incident to report on: " + demo.err());
        String id = suggested.group(1);

        JsonNode incident = report("incident", id, "--home", home.toString());
        assertTrue(incident.path("device").path("audited").asBoolean(), "the bot is an audited demo device: " + incident.path("device"));
        assertTrue(incident.path("incident").path("detector").asText().startsWith("ddos-"), "a flood with harm figures");
        assertTrue(incident.path("harm").path("packets").asLong() > 0);
        assertTrue(incident.path("failedProvisions").toString().contains("ETSI EN 303 645 5.1-1"), "no universal default passwords, failed");

        JsonNode liability = report("liability", id, "--home", home.toString());
        assertTrue(liability.toString().contains("public since 2016-09-30"), "Mirai source release as a foreseeability fact");

        JsonNode list = report("incidents", "--grade", "F", "--home", home.toString());
        assertTrue(list.path("totals").path("incidents").asInt() >= 3, list.path("totals").toString());

        JsonNode makers = report("manufacturer", "--home", home.toString());
        assertTrue(makers.toString().contains("\"incidentsAttributed\":[{"), "incidents attributed to a manufacturer");

        for (String kind : new String[]{"incident", "liability"}) {
            Path pdf = home.resolve(kind + ".pdf");
            var r = WatchCommandTest.run("report", kind, id, "--home", home.toString(), "--format", "pdf", "--out", pdf.toString());
            assertEquals(0, r.code(), r.err());
            ReportsTest.assertPdfRenders(Files.readAllBytes(pdf), "demo-" + kind);
        }
    }

    private static JsonNode report(String... args) throws Exception {
        var all = new String[args.length + 1];
        all[0] = "report";
        System.arraycopy(args, 0, all, 1, args.length);
        var r = WatchCommandTest.run(all);
        assertEquals(0, r.code(), r.err());
        return JSON.readTree(r.out());
    }
}
