package dev.warden.watch;

import dev.warden.cli.WardenCommand;
import dev.warden.cli.WatchCommand;
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

/**
 * {@code warden watch} from the command line: exit codes, output and error messages. The command is registered here
 * the way the lead will register it in {@link WardenCommand}.
 */
public class WatchCommandTest {
    public record Run(int code, String out, String err) {}

    public static synchronized Run run(String... args) {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        PrintStream o = System.out, e = System.err;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            var cl = WardenCommand.commandLine();
            if (!cl.getSubcommands().containsKey("watch")) cl.addSubcommand("watch", new WatchCommand());
            int code = cl.execute(args);
            return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(o);
            System.setErr(e);
        }
    }

    /** {@link #run} with {@code in} as standard input. */
    static Run runWithStdin(byte[] in, String... args) {
        java.io.InputStream stdin = System.in;
        try {
            System.setIn(new java.io.ByteArrayInputStream(in));
            return run(args);
        } finally {
            System.setIn(stdin);
        }
    }

    static final String MIXED = "src/test/resources/watch/mixed.conn.log";

    @Test
    void incidentsExitOneAndNameTheDevice(@TempDir Path home) {
        var r = run("watch", "--home", home.toString(), "--intel", "src/test/resources/watch/intel", MIXED);
        assertEquals(1, r.code(), r.err());
        assertTrue(r.out().contains("192.168.7.20") && r.out().contains("ddos-syn") && r.out().contains("intel-cnc"), r.out());
        assertTrue(r.err().contains("2 skipped (line 109"), "malformed lines are reported on stderr: " + r.err());
        assertTrue(r.err().contains("recorded run W1 ("), r.err());
        var again = run("watch", "--home", home.toString(), "--no-store", MIXED);
        assertEquals(1, again.code(), again.err());
        assertFalse(again.err().contains("recorded run"), again.err());
    }

    /**
     * A capture of a link type Warden does not decode (802.11 radiotap) is an error naming it, not "no incident"; one
     * of packets without IP (ARP) says there was nothing to watch, not that the capture was empty.
     */
    @Test
    void capturesWithNothingToWatchSayWhy(@TempDir Path dir) throws Exception {
        Path radiotap = dir.resolve("wifi.pcap");
        Files.write(radiotap, dev.warden.capture.Captures.pcap(127, dev.warden.capture.PcapWriter.Precision.MICROS,
                java.nio.ByteOrder.LITTLE_ENDIAN, 1_700_000_000_000_000_000L, new byte[64], new byte[64]));
        var r = run("watch", "--no-store", radiotap.toString());
        assertEquals(3, r.code(), r.err());
        assertTrue(r.err().contains("no record could be read (2 skipped: packets of link type 127 (802.11 radiotap), which Warden does not decode"),
                r.err());

        Path arp = dir.resolve("arp.pcap");
        byte[] frame = dev.warden.decode.Frames.ethernet(-1L >>> 16, 0x4419b6aabbccL, 0x0806,
                dev.warden.decode.Frames.arp(1, 0x4419b6aabbccL, 0xc0a80714, 0, 0xc0a80701));
        Files.write(arp, dev.warden.capture.Captures.pcap(1, dev.warden.capture.PcapWriter.Precision.MICROS, java.nio.ByteOrder.LITTLE_ENDIAN,
                1_700_000_000_000_000_000L, frame, frame, frame));
        var a = run("watch", "--no-store", arp.toString());
        assertEquals(0, a.code(), a.err());
        assertTrue(a.err().contains("arp.pcap: 3 packets, none of them IP: nothing to watch"), a.err());
        assertFalse(a.err().contains("empty"), a.err());
        // a snapshot length that ends inside the TCP header: the packets are read, without ports, and the user is told
        byte[] syn = dev.warden.decode.Frames.ethernet(0x00b56d0608baL, 0x4419b6aabbccL, 0x0800, dev.warden.decode.Frames.ipv4(0xc0a80714,
                0xcb00710a, 6, dev.warden.decode.Frames.tcp(40000, 23, 1, 0, 2, 5840, new byte[0], new byte[0])));
        Path cut = dir.resolve("cut.pcap");
        Files.write(cut, dev.warden.capture.Captures.pcap(1, dev.warden.capture.PcapWriter.Precision.MICROS, java.nio.ByteOrder.LITTLE_ENDIAN,
                1_700_000_000_000_000_000L, java.util.Arrays.copyOf(syn, 40), java.util.Arrays.copyOf(syn, 40), syn));
        var c = run("watch", "--no-store", cut.toString());
        assertEquals(0, c.code(), c.err());
        // damage that cannot be read past: the packets before it stand, and the user is told how much was not read
        Path damaged = dir.resolve("damaged.pcap");
        byte[] junk = new byte[1 << 20];
        java.util.Arrays.fill(junk, (byte) 0xFF);
        byte[] good = dev.warden.capture.Captures.pcap(1, dev.warden.capture.PcapWriter.Precision.MICROS, java.nio.ByteOrder.LITTLE_ENDIAN,
                1_700_000_000_000_000_000L, syn, syn);
        Files.write(damaged, dev.warden.decode.Frames.cat(good, junk, java.util.Arrays.copyOfRange(good, 24, good.length)));
        var dmg = run("watch", "--no-store", damaged.toString());
        assertEquals(0, dmg.code(), dmg.err());
        assertTrue(dmg.err().contains("cannot resynchronise: the last " + (junk.length + good.length - 24) + " bytes of the file are not read"),
                dmg.err());
        assertTrue(c.err().contains("cut.pcap: 2 of 3 IP packets are cut before their TCP or UDP header (a short snapshot length?)"), c.err());
    }

    @Test
    void noStoreNeverCreatesADatabase(@TempDir Path home) {
        var r = run("watch", "--home", home.toString(), "--no-store", MIXED);
        assertEquals(1, r.code(), r.err());
        assertTrue(r.out().contains(" I1 ") || r.out().contains("I1"), "unstored runs number incidents I1, I2, ...: " + r.out());
        assertFalse(Files.exists(home.resolve("warden.db")), "--no-store never creates a database");
    }

    @Test
    void cleanTrafficExitsZero(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("conn.log");
        Files.writeString(log, "ts,uid,id.orig_h,id.orig_p,id.resp_h,id.resp_p,proto,conn_state\n"
                + "1700000000.0,C1,192.168.7.30,123,162.159.200.1,123,udp,SF\n");
        var r = run("watch", "--home", dir.toString(), "--format", "jsonl", log.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("{\"type\":\"watch\",\"flows\":1,"), r.out());
    }

    /**
     * Devices are listed in the order their traffic began, whatever the order of the inputs, and whether or not the
     * engine needed them before their flows ended (a TCP segment without SYN goes to no packet detector).
     */
    @Test
    void devicesAreListedInTheOrderTheirTrafficBegan(@TempDir Path dir) throws Exception {
        long t = 1_700_000_000_000_000_000L;
        byte[] laterSyn = dev.warden.decode.Frames.ethernet(0x020000000001L, 0x02000000000bL, 0x0800, dev.warden.decode.Frames.ipv4(0xc0a8071e, 0x08080808, 6,
                dev.warden.decode.Frames.tcp(40000, 443, 1, 0, 0x02, 65535, new byte[0], new byte[0])));
        byte[] earlierData = dev.warden.decode.Frames.ethernet(0x020000000001L, 0x02000000000aL, 0x0800, dev.warden.decode.Frames.ipv4(0xc0a80714, 0x08080808, 6,
                dev.warden.decode.Frames.tcp(40001, 443, 1, 1, 0x18, 65535, new byte[0], new byte[]{1, 2, 3})));
        Path later = dir.resolve("later.pcap"), earlier = dir.resolve("earlier.pcap");
        Files.write(later, dev.warden.capture.Captures.pcap(1, dev.warden.capture.PcapWriter.Precision.MICROS, java.nio.ByteOrder.LITTLE_ENDIAN,
                t + 60_000_000_000L, laterSyn));
        Files.write(earlier, dev.warden.capture.Captures.pcap(1, dev.warden.capture.PcapWriter.Precision.MICROS, java.nio.ByteOrder.LITTLE_ENDIAN,
                t, earlierData));
        var r = run("watch", "--no-store", "--format", "jsonl", later.toString(), earlier.toString());
        assertEquals(0, r.code(), r.err());
        var ips = r.out().lines().filter(l -> l.contains("\"type\":\"device\"")).map(l -> l.replaceAll(".*\"ip\":\"([^\"]+)\".*", "$1")).toList();
        assertEquals(java.util.List.of("192.168.7.20", "192.168.7.30"), ips, r.out());
    }

    @Test
    void localOverridesWhatIsADevice(@TempDir Path home) {
        var r = run("watch", "--home", home.toString(), "--local", "192.168.7.40/32", "--format", "csv", MIXED);
        assertEquals(1, r.code(), r.err());
        assertTrue(r.out().lines().skip(1).allMatch(l -> l.contains(",192.168.7.40,")), r.out());
    }

    @Test
    void badInputsAreNamedWithoutAStackTrace(@TempDir Path dir) throws Exception {
        var r = run("watch", "--home", dir.toString(), dir.resolve("missing.log").toString());
        assertEquals(3, r.code());
        assertTrue(r.err().contains("missing.log"), r.err());
        Path junk = dir.resolve("junk.bin");
        Files.write(junk, new byte[]{1, 2, 3, 4, 5, 6, 7, 8});
        r = run("watch", "--home", dir.toString(), junk.toString());
        assertEquals(3, r.code());
        assertTrue(r.err().contains("not a format warden watch reads"), r.err());
        r = run("watch", "--home", dir.toString(), "--local", "10.0.0.0/33", MIXED);
        assertEquals(2, r.code(), "a wrong option value is a wrong command line");
        assertTrue(r.err().contains("prefix length"), r.err());
        r = run("watch", "--home", dir.toString(), "--intel", dir.toString(), MIXED);
        assertEquals(3, r.code());
        assertTrue(r.err().contains("holds none of cncserverlist"), r.err());
        r = run("watch", "--home", dir.toString(), "--format", "xml", MIXED);
        assertEquals(2, r.code());
        assertTrue(r.err().contains("unknown format 'xml'"), r.err());
        assertFalse(r.err().contains("\tat "), r.err());
        r = run("watch", "--home", dir.toString(), "--set", "watch.devices.max=-1", MIXED);
        assertEquals(3, r.code(), "a bad setting is a bad configuration");
        assertTrue(r.err().contains("setting 'watch.devices.max' = '-1' must not be negative"), r.err());
        r = run("watch", "--home", dir.toString(), "--set", "watch.ddos.syn.min-packets=0", MIXED);
        assertEquals(3, r.code());
        assertTrue(r.err().contains("setting 'watch.ddos.syn.min-packets' = '0' must be at least 1"), r.err());
        // decimals and durations too: each of these would have turned a detector off (or on for everything) silently
        for (String[] bad : new String[][]{{"watch.cnc-beacon.min-failed-share=1.5", "is a share: at most 1"},
                {"watch.ddos.udp.max-reply-ratio=-1", "must not be negative"}, {"watch.ddos.udp.min-rate=0", "must be greater than 0"},
                {"watch.profile.rate-factor=0", "must be greater than 0"}, {"watch.ddos.gap=0s", "must be longer than 0"},
                {"watch.ddos.syn.min-rate=NaN", "is not a finite number"}, {"watch.input.max-line-bytes=0", "must be at least 1"}}) {
            r = run("watch", "--home", dir.toString(), "--no-store", "--set", bad[0], MIXED);
            assertEquals(3, r.code(), bad[0] + ": " + r.err());
            assertTrue(r.err().contains("setting '" + bad[0].replace("=", "' = '") + "' " + bad[1]), r.err());
        }
        assertEquals(1, run("watch", "--home", dir.toString(), "--no-store", "--set", "watch.infection-chain.min-login=0s", MIXED).code(),
                "a minimum of 0 is no minimum");
        r = run("watch", "--home", dir.toString(), dir.toString());
        assertEquals(3, r.code(), "an input that cannot be read, as a missing file");
        assertTrue(r.err().contains("cannot read " + dir + ": a directory"), r.err());
    }

    /** Each wrong option value is refused before anything is read, with exit 2 and the option named. */
    @Test
    void wrongOptionValuesAreUsageErrorsBeforeTheRun(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("afile"), "x");
        String[][] cases = {
                {"--learn", "abc", "--learn: 'abc' is not a duration"},
                {"--for", "1h", "--for needs --interface or --netflow"},
                {"--netflow", "99999", "port out of range"},
                {"--syslog", "nohost", "expected HOST:PORT"},
                {"--webhook", "ftp://127.0.0.1/x", "expected an http:// or https:// URL"},
                {"--webhook", "http://127.0.0.1:99999/x", "port out of range"},
                {"--interface", "", "--interface needs an interface name"},
                {"--excerpts", file.toString(), "exists and is not a directory"},
                {"--profile", file.resolve("p.json").toString(), "cannot create or write files there"},
                {"--profile", dir.toString(), "is a directory, not a file"},
        };
        for (String[] c : cases) {
            var r = run("watch", "--home", dir.toString(), "--no-store", c[0], c[1], MIXED);
            assertEquals(2, r.code(), c[0] + " " + c[1] + ": " + r.err());
            assertTrue(r.err().contains(c[2]), c[0] + " " + c[1] + ": " + r.err());
            assertEquals("", r.out(), "nothing is reported for a run that did not start");
        }
        assertEquals(1, run("watch", "--home", dir.toString(), "--no-store", "--learn", "7d", MIXED).code(), "7d is a duration");
        var r = run("watch", "--home", dir.toString(), "--no-store", "--interface", "lo", "--for", "-1s");
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("--for: '-1s' is not a duration"), r.err());
    }

    /** Excerpts that cannot be written at the end (a folder where a file must go) cost the excerpts, not the report. */
    @Test
    void theReportIsKeptWhenExcerptsCannotBeWritten(@TempDir Path dir) throws Exception {
        Path pcap = dir.resolve("bots.pcap");
        assertEquals(0, dev.warden.cli.Main.run("generate", "--out", pcap.toString(), "--vectors", "syn", "--scan-probes", "40"));
        Path excerpts = Files.createDirectories(dir.resolve("ex"));
        Files.createDirectories(excerpts.resolve("I1.pcap")); // where the first excerpt would go
        var r = run("watch", "--home", dir.toString(), "--no-store", "--excerpts", excerpts.toString(), pcap.toString());
        assertEquals(3, r.code(), r.err());
        assertTrue(r.out().contains("mirai-syn-probe") && r.out().contains("DEVICES WITH INCIDENTS"), "the report is printed: " + r.out());
        assertTrue(r.err().contains("cannot write pcap excerpts to " + excerpts + ": "), r.err());
        assertFalse(r.err().contains("\tat "), r.err());
    }

    /** A pipe is read once: standard input ("-") and a FIFO go through a temporary copy, and are reported by their names. */
    @Test
    void standardInputAndFifosAreRead(@TempDir Path dir) throws Exception {
        Run r = runWithStdin(Files.readAllBytes(Path.of(MIXED)), "watch", "--home", dir.toString(), "--no-store", "-");
        assertEquals(1, r.code(), r.err());
        assertTrue(r.out().contains("ddos-syn"), r.out());
        assertTrue(r.err().contains("standard input is not a regular file: read through a temporary copy"), r.err());
        Path fifo = dir.resolve("conn.fifo");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
        var writer = new Thread(() -> {
            try (var out = Files.newOutputStream(fifo)) {
                out.write(Files.readAllBytes(Path.of(MIXED)));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        writer.start();
        r = run("watch", "--home", dir.toString(), "--no-store", "--format", "jsonl", fifo.toString());
        writer.join(10_000);
        assertEquals(1, r.code(), r.err());
        assertTrue(r.out().contains("{\"type\":\"input\",\"source\":\"" + fifo + "\",\"format\":\"Zeek conn.log (TSV)\",\"records\":905"), r.out());
        // an input that cannot be read is named as the user gave it, never by its temporary copy
        r = runWithStdin("not a log\n".getBytes(StandardCharsets.UTF_8), "watch", "--home", dir.toString(), "--no-store", "-");
        assertEquals(3, r.code(), r.err());
        assertTrue(r.err().contains("warden: standard input: not a format warden watch reads"), r.err());
        assertFalse(r.err().contains("warden-input-"), r.err());
    }

    @Test
    void inputsOutOfTimeOrderAreWarnedAbout(@TempDir Path dir) throws Exception {
        Path early = Files.writeString(dir.resolve("monday.csv"), "ts,uid,id.orig_h,id.orig_p,id.resp_h,id.resp_p,proto,conn_state\n"
                + "1700000000.0,C1,192.168.7.30,123,162.159.200.1,123,udp,SF\n");
        Path late = Files.writeString(dir.resolve("tuesday.csv"), "ts,uid,id.orig_h,id.orig_p,id.resp_h,id.resp_p,proto,conn_state\n"
                + "1700086400.0,C2,192.168.7.30,123,162.159.200.1,123,udp,SF\n");
        var r = run("watch", "--home", dir.toString(), "--no-store", late.toString(), early.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains(early + " begins at 2023-11-14T22:13:20Z, 24.0 h before the inputs read before it end"), r.err());
        assertFalse(run("watch", "--home", dir.toString(), "--no-store", early.toString(), late.toString()).err().contains("begins at"));
    }

    @Test
    void anInputOfWhichNothingCouldBeReadIsAnError(@TempDir Path dir) throws Exception {
        Path json = Files.writeString(dir.resolve("x.json"), "{\"foo\":1}\n{\"bar\":2}\n");
        var r = run("watch", "--home", dir.toString(), json.toString());
        assertEquals(3, r.code(), r.out());
        assertTrue(r.err().contains(json + ": no record could be read (2 skipped: line 1:"), r.err());
        // the stored run that failed is finished as failed, with why, not left unfinished
        try (var store = dev.warden.store.SqlStore.open("jdbc:sqlite:" + dir.resolve("warden.db"))) {
            var run = store.watchRuns().getFirst();
            assertTrue(run.finishedAt() != null && run.summary().contains("\"failed\"") && run.summary().contains("no record could be read"), run.toString());
        }
        Path empty = Files.writeString(dir.resolve("empty.csv"), "ts,uid,id.orig_h,id.orig_p,id.resp_h,id.resp_p,proto,conn_state\n");
        r = run("watch", "--home", dir.toString(), "--no-store", empty.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains(empty + ": no records (an empty log or capture)"), "said, not silent: " + r.err());
        Path tsv = Files.writeString(dir.resolve("x.log"), "#separator \\x09\n#path\tconn\n");
        r = run("watch", "--home", dir.toString(), "--no-store", tsv.toString());
        assertEquals(3, r.code(), r.out());
        assertTrue(r.err().contains(tsv + ": no #fields header"), r.err());
    }

    @Test
    void usageErrorsExitTwo() {
        assertEquals(2, run("watch").code());
        assertEquals(2, run("watch", "--frobnicate", MIXED).code());
        var help = run("watch", "--help");
        assertEquals(0, help.code());
        assertTrue(help.out().contains("Exit codes: 0 no incident, 1 at least one incident"), help.out());
    }
    /** Devices past watch.devices.max are not tracked, and every output says how many addresses were left out. */
    @Test
    void localAddressesPastTheDeviceBoundAreSaidAloud(@TempDir Path home) throws Exception {
        var all = run("watch", "--home", home.toString(), "--no-store", "--format", "jsonl", MIXED);
        int devices = (int) all.out().lines().filter(l -> l.startsWith("{\"type\":\"device\"")).count();
        assertTrue(devices >= 3, all.out());
        assertFalse(all.out().contains("untrackedAddresses") || all.err().contains("not tracked"), "nothing left out without the bound");

        var table = run("watch", "--home", home.toString(), "--no-store", "--set", "watch.devices.max=1", MIXED);
        String sentence = (devices - 1) + " more local addresses were not tracked as devices (watch.devices.max is 1; --set watch.devices.max=N tracks more)";
        assertTrue(table.out().contains("\n  " + sentence + "\n"), table.out());
        var jsonl = run("watch", "--home", home.toString(), "--no-store", "--set", "watch.devices.max=1", "--format", "jsonl", MIXED);
        assertTrue(jsonl.out().startsWith("{\"type\":\"watch\"") && jsonl.out().lines().findFirst().orElseThrow()
                .contains("\"devices\":1,\"untrackedAddresses\":" + (devices - 1) + ","), jsonl.out());
        assertTrue(jsonl.err().contains("warden: " + sentence), "said on stderr beside machine-read output: " + jsonl.err());
    }

    /**
     * A flow table too small for the traffic ends flows early, and detectors bounded below the keys they need forget
     * some: both are said with their numbers (a generated capture: 40 scan probes per bot, then UDP floods on random
     * ports), and neither when the bounds hold.
     */
    @Test
    void flowsEndedEarlyAndKeysForgottenAreSaidAloud(@TempDir Path home) throws Exception {
        Path pcap = home.resolve("bots.pcap");
        assertEquals(0, run("generate", "--out", pcap.toString(), "--vectors", "udp,udp,syn", "--first-bot", "10.10.10.201").code());
        var plain = run("watch", "--home", home.toString(), "--no-store", "--format", "jsonl", pcap.toString());
        assertFalse(plain.out().contains("evictedFlows") || plain.out().contains("forgottenStateKeys"), plain.out());
        assertFalse(plain.err().contains("ended early") || plain.err().contains("forgot"), plain.err());

        var small = run("watch", "--home", home.toString(), "--no-store", "--set", "watch.flow.max-flows=100", "--set", "watch.state.max-keys=2",
                pcap.toString());
        var flows = java.util.regex.Pattern.compile("\n  ([0-9,]+) flows were ended early because 100 were open at once "
                + "\\(watch.flow.max-flows; --set watch.flow.max-flows=N holds more\\)\n").matcher(small.out());
        assertTrue(flows.find(), small.out());
        assertTrue(Long.parseLong(flows.group(1).replace(",", "")) > 10_000, "most of 30,000 one-packet flood flows: " + flows.group(1));
        var keys = java.util.regex.Pattern.compile("\n  detectors forgot ([0-9,]+) keys \\(a device and a port, a victim, \\.\\.\\.\\) because one "
                + "tracked more than 2 at once \\(watch.state.max-keys\\): activity spread over more keys than that may be missed\n").matcher(small.out());
        assertTrue(keys.find(), small.out());
        var jsonl = run("watch", "--home", home.toString(), "--no-store", "--set", "watch.flow.max-flows=100", "--set", "watch.state.max-keys=2",
                "--format", "jsonl", pcap.toString());
        String watch = jsonl.out().lines().findFirst().orElseThrow();
        assertTrue(watch.contains("\"evictedFlows\":" + flows.group(1).replace(",", "") + ",")
                && watch.contains("\"forgottenStateKeys\":" + keys.group(1).replace(",", "") + ","), watch);
        assertTrue(jsonl.err().contains("flows were ended early") && jsonl.err().contains("detectors forgot"), jsonl.err());

        // excerpts cut by their caps are counted where the excerpts are announced
        var cut = run("watch", "--home", home.toString(), "--no-store", "--excerpts", home.resolve("ex").toString(),
                "--set", "watch.excerpt.max-packets=5", pcap.toString());
        long excerpts;
        try (var files = java.nio.file.Files.list(home.resolve("ex"))) {
            excerpts = files.count();
        }
        assertTrue(cut.err().contains("warden: wrote " + excerpts + " pcap excerpts to " + home.resolve("ex") + "; " + excerpts
                + " cut at watch.excerpt.max-packets (5) or watch.excerpt.max-megabytes (64)"), cut.err());
        var whole = run("watch", "--home", home.toString(), "--no-store", "--excerpts", home.resolve("ex2").toString(),
                "--set", "watch.excerpt.max-packets=100000", pcap.toString()); // the default 10,000 cuts the 12,000-packet UDP floods
        assertTrue(whole.err().contains("pcap excerpts to " + home.resolve("ex2") + "\n"), "none cut: " + whole.err());

        // incidents past watch.incident.max-kept leave the report, not the store
        var kept = run("watch", "--home", home.toString(), "--set", "watch.incident.max-kept=2", "--format", "jsonl", pcap.toString());
        long printed = kept.out().lines().filter(l -> l.startsWith("{\"type\":\"incident\"")).count();
        long all = plain.out().lines().filter(l -> l.startsWith("{\"type\":\"incident\"")).count();
        assertEquals(2, printed, kept.out());
        assertTrue(kept.out().lines().findFirst().orElseThrow().contains("\"incidents\":2,\"droppedIncidents\":" + (all - 2) + ","), kept.out());
        assertTrue(kept.err().contains("warden: " + (all - 2) + " closed incidents were left out of this report because 2 were kept "
                + "(watch.incident.max-kept); the store, the ledger and the alert hooks got every incident"), kept.err());
        assertTrue(kept.err().contains("warden: recorded run W1 (" + all + " incidents)"), kept.err());
        try (var store = dev.warden.store.SqlStore.open("jdbc:sqlite:" + home.resolve("warden.db"))) {
            assertEquals(all, store.incidents(dev.warden.store.Store.IncidentQuery.all()).size(), "the store got every incident");
        }
    }
}
