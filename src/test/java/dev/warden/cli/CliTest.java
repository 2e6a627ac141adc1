package dev.warden.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Exit codes and messages of the command line: wrong input is named, never a stack trace. */
class CliTest {
    record Run(int code, String out, String err) {}

    static synchronized Run run(String... args) {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        PrintStream o = System.out, e = System.err;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = Main.run(args);
            return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(o);
            System.setErr(e);
        }
    }

    /**
     * A run that needs more heap than Java may use says so, with the way round it, and exits 3: no stack trace. Run in
     * a JVM of its own with an 8 MB heap (this one's heap must not be exhausted); watching a generated capture needs more.
     */
    @Test
    void outOfMemoryIsNamedNotAStackTrace(@TempDir Path dir) throws Exception {
        Path pcap = dir.resolve("bots.pcap");
        assertEquals(0, run("generate", "--out", pcap.toString(), "--vectors", "udp,syn").code());
        String javaBin = ProcessHandle.current().info().command().orElseThrow();
        var p = new ProcessBuilder(javaBin, "-Xmx8m", "-XX:+UseSerialGC", "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "watch", "--home", dir.toString(), "--no-store", pcap.toString())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectErrorStream(false).start();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS));
        assertEquals(ExitCodes.ERROR, p.exitValue(), err);
        assertTrue(err.contains("warden: out of memory: this run needed more than the ") && err.contains("WARDEN_JAVA_OPTS"), err);
        assertFalse(err.contains("Exception in thread") || err.contains("\tat "), err);
    }

    @Test
    void helpListsCommandsAndExitCodes() {
        var r = run("--help");
        assertEquals(0, r.code());
        assertTrue(r.out().contains("audit") && r.out().contains("Exit codes") && r.out().contains("Examples"), r.out());
    }

    /** A command list shows each command's first description line only: it must be whole, not cut mid-sentence. */
    @Test
    void everyCommandSummaryIsAWholeSentence() {
        var pending = new java.util.ArrayDeque<picocli.CommandLine>();
        pending.add(new picocli.CommandLine(new WardenCommand()));
        int seen = 0;
        while (!pending.isEmpty()) {
            var c = pending.poll();
            pending.addAll(c.getSubcommands().values());
            String[] d = c.getCommandSpec().usageMessage().description();
            if (d.length == 0 || c.getCommandName().equals("help")) continue;
            seen++;
            assertTrue(d[0].strip().endsWith("."), c.getCommandSpec().qualifiedName() + ": \"" + d[0] + "\"");
        }
        assertTrue(seen > 20, "commands seen: " + seen);
    }

    @Test
    void everyCommandPrintsWardensVersion() {
        for (String[] cmd : new String[][]{{"-V"}, {"watch", "-V"}, {"audit", "--version"}, {"report", "incident", "-V"}}) {
            var r = run(cmd);
            assertEquals(0, r.code());
            assertTrue(r.out().matches("Warden \\d+\\.\\d+\\.\\d+\\R"), String.join(" ", cmd) + ": " + r.out());
        }
    }

    @Test
    void helpTextsMatchTheirGoldenFiles() throws Exception {
        for (String[] cmd : new String[][]{{"--help"}, {"audit", "--help"}, {"demo", "--help"}, {"label", "verify", "--help"}, {"evaluate", "--help"}}) {
            String name = "help." + String.join("-", cmd).replace("--help", "").replaceAll("^-|-$", "").replace("--", "-") + ".txt";
            name = name.equals("help..txt") ? "help.txt" : name;
            var r = run(cmd);
            assertEquals(0, r.code());
            Path file = Path.of("src/test/resources/golden", name);
            if (Boolean.getBoolean("golden.update")) Files.writeString(file, r.out());
            assertEquals(Files.readString(file), r.out(), "golden file " + file + " (regenerate with -Dgolden.update=true)");
        }
    }

    @Test
    void evaluateScoresTheIot23FilesAsTheGoldenEvaluationSays() throws Exception {
        Path data = Path.of("../shared/data/iot23"), intel = Path.of("../shared/data/intel");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(data) && Files.isDirectory(intel), "no shared IoT-23 data here");
        var r = run("evaluate", data.toString(), "--intel", intel.toString());
        assertEquals(0, r.code(), r.err()); // both infected hosts found, no clean host flagged
        String golden = Files.readString(Path.of("src/test/resources/golden/eval.iot23.txt"));
        assertEquals(golden.substring(golden.indexOf('\n') + 1), r.out(), "the command prints what the golden evaluation holds");
    }

    @Test
    void evaluateNamesAMissingOrEmptyFolder(@TempDir Path dir) {
        var missing = run("evaluate", dir.resolve("nope").toString());
        assertEquals(2, missing.code());
        assertTrue(missing.err().contains("is not a folder"), missing.err());
        var empty = run("evaluate", dir.toString());
        assertEquals(2, empty.code());
        assertTrue(empty.err().contains("holds no labelled conn.log file"), empty.err());
        assertFalse(empty.err().contains("Exception"), empty.err());
    }

    /** A conn.log without labels cannot be scored: every host would be clean and every incident a false alarm. */
    @Test
    void evaluateRefusesAFileWithoutLabels(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("unlabelled.csv"), "ts,uid,id.orig_h,id.orig_p,id.resp_h,id.resp_p,proto,conn_state\n"
                + "1700000000.0,C1,192.168.7.30,123,162.159.200.1,123,udp,SF\n");
        var r = run("evaluate", dir.toString());
        assertEquals(3, r.code(), r.out() + r.err());
        assertTrue(r.err().contains("none of its 1 flows carries a label"), r.err());
    }

    @Test
    void unknownOptionIsAUsageError() {
        var r = run("audit", "--frobnicate", "127.0.0.1");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("Unknown option"), r.err());
    }

    @Test
    void badTargetIsNamed(@TempDir Path home) {
        var r = run("audit", "--home", home.toString(), "10.0.0.300-5");
        assertEquals(3, r.code());
        assertTrue(r.err().contains("10.0.0.300-5"), r.err());
        assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
    }

    @Test
    void unknownSettingAndBadDurationAreNamed(@TempDir Path home) {
        var r = run("audit", "--home", home.toString(), "--set", "audit.nope=1", "127.0.0.1");
        assertEquals(3, r.code());
        assertTrue(r.err().contains("unknown setting 'audit.nope'"), r.err());
        r = run("audit", "--home", home.toString(), "--timeout", "soon", "127.0.0.1");
        assertEquals(3, r.code());
        assertTrue(r.err().contains("not a duration"), r.err());
    }

    @Test
    void unreadableDictionaryAndBadFingerprintsAreNamed(@TempDir Path home) throws Exception {
        var r = run("audit", "--home", home.toString(), "--dictionary", home.resolve("missing.tsv").toString(), "127.0.0.1");
        assertEquals(3, r.code());
        assertTrue(r.err().contains("cannot read dictionary"), r.err());
        Path fp = home.resolve("fp.json");
        Files.writeString(fp, "[{\"id\":\"x\",\"manufacturer\":\"m\",\"match\":[{\"field\":\"banner\",\"pattern\":\"(\"}]}]");
        r = run("audit", "--home", home.toString(), "--fingerprints", fp.toString(), "127.0.0.1");
        assertEquals(3, r.code());
        assertTrue(r.err().contains("bad regular expression"), r.err());
    }

    /** A generated capture into a folder that is not there names the file asked for, not the temporary one beside it. */
    @Test
    void generateIntoAMissingFolderNamesTheFile(@TempDir Path home) {
        Path out = home.resolve("no-such-folder").resolve("bots.pcap");
        var r = run("generate", "--out", out.toString(), "--vectors", "udp");
        assertEquals(3, r.code(), r.err());
        assertEquals("warden: " + out + ": no such file or directory", r.err().strip());
        assertFalse(Files.exists(out.getParent()));
    }

    @Test
    void badFormatIsNamed(@TempDir Path home) {
        var r = run("devices", "--home", home.toString(), "--format", "xml");
        assertEquals(2, r.code(), "a wrong option value is a wrong command line");
        assertTrue(r.err().contains("unknown format 'xml'"), r.err());
    }

    /** Wrong option values of the report, ledger, token and serve commands: exit 2, the value named, no stack trace. */
    @Test
    void wrongOptionValuesOfEveryCommandExitTwo(@TempDir Path home) {
        String h = home.toString();
        String[][] cases = {
                {"unknown format 'xml'", "report", "incidents", "--home", h, "--format", "xml"},
                {"a PDF needs --out FILE", "report", "incidents", "--home", h, "--format", "pdf"},
                {"--status must be open, acknowledged or closed", "report", "incidents", "--home", h, "--status", "foo"},
                {"--grade must be grades A, B, C, D or F", "report", "incidents", "--home", h, "--grade", "Z"},
                {"--grade must be grades A, B, C, D or F", "report", "manufacturer", "--home", h, "--grade", "D,Z"},
                {"--device must be an IP address, not 'not-an-ip'", "report", "incidents", "--home", h, "--device", "not-an-ip"},
                {"--detector 'nope' is none of Warden's: ", "report", "incidents", "--home", h, "--detector", "nope"},
                {"--run must be a watch run id like W2", "report", "incidents", "--home", h, "--run", "run1"},
                {"--limit must be positive", "ledger", "list", "--home", h, "--limit", "-5"},
                {"superuser", "token", "create", "--home", h, "--role", "superuser"},
                {"--listen", "serve", "--home", h, "--listen", "127.0.0.1"},
                {"--vectors: unknown vector 'foo'", "generate", "--out", h + "/x.pcap", "--vectors", "foo"},
                {"--first-bot: '300.1.1.1' is not an IPv4 address", "generate", "--out", h + "/x.pcap", "--first-bot", "300.1.1.1"},
                {"run past 255.255.255.255", "generate", "--out", h + "/x.pcap", "--first-bot", "255.255.255.250"},
                {"--scan-probes must be 0 to 1000000, not 2000000000", "generate", "--out", h + "/x.pcap", "--scan-probes", "2000000000"},
                {"--scan-probes must be 0 to 1000000, not -5", "generate", "--out", h + "/x.pcap", "--scan-probes", "-5"},
                {"--cnc 'cnc..example' is not a host name", "generate", "--out", h + "/x.pcap", "--cnc", "cnc..example"},
        };
        for (String[] c : cases) {
            var r = run(java.util.Arrays.copyOfRange(c, 1, c.length));
            assertEquals(2, r.code(), String.join(" ", c) + ": " + r.err());
            assertTrue(r.err().contains(c[0]), String.join(" ", c) + ": " + r.err());
            assertFalse(r.err().contains("\tat "), r.err());
        }
    }

    @Test
    void emptyStoreSaysWhatToDo(@TempDir Path home) {
        var r = run("devices", "--home", home.toString());
        assertEquals(0, r.code());
        assertTrue(r.out().contains("warden demo"), r.out());
    }
}
