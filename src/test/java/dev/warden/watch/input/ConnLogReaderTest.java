package dev.warden.watch.input;

import dev.warden.watch.flow.ConnState;
import dev.warden.watch.flow.FlowRecord;
import dev.warden.watch.flow.IpAddress;
import dev.warden.watch.flow.Protocols;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The three forms of conn.log read to the same flows; bad lines are counted with their line numbers, never thrown. */
class ConnLogReaderTest {
    static final String TSV = """
            #separator \\x09
            #set_separator\t,
            #empty_field\t(empty)
            #unset_field\t-
            #path\tconn
            #fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto\tservice\tduration\torig_bytes\tresp_bytes\tconn_state\thistory\torig_pkts\torig_ip_bytes\tresp_pkts\tresp_ip_bytes
            #types\ttime\tstring\taddr\tport\taddr\tport\tenum\tstring\tinterval\tcount\tcount\tstring\tstring\tcount\tcount\tcount\tcount
            1545403816.962094\tCrDn63WjJEmrWGjqf\t192.168.1.195\t41040\t185.244.25.235\t80\ttcp\t-\t3.139211\t0\t0\tS0\tS\t3\t180\t0\t0
            1545403848.981338\tCDrkrSobGYxHhYfth\t192.168.1.195\t41040\t185.244.25.235\t80\ttcp\thttp\t1.477656\t149\t128252\tSF\tShADadttcfF\t94\t5525\t96\t139044
            1533042911.474174\tC5JLGOoxIw2dBZt47\tfe80::1\t123\t2001:db8::5\t123\tudp\t-\t0.005490\t48\t48\tSF\tDd\t1\t76\t1\t76
            #close\t2018-12-22-16-00-00
            """;
    static final String JSON = """
            {"ts":1545403816.962094,"uid":"CrDn63WjJEmrWGjqf","id.orig_h":"192.168.1.195","id.orig_p":41040,"id.resp_h":"185.244.25.235","id.resp_p":80,"proto":"tcp","duration":3.139211,"orig_bytes":0,"resp_bytes":0,"conn_state":"S0","history":"S","orig_pkts":3,"orig_ip_bytes":180,"resp_pkts":0,"resp_ip_bytes":0}
            {"ts":"2018-12-21T14:50:48.981338Z","uid":"CDrkrSobGYxHhYfth","id":{"orig_h":"192.168.1.195","orig_p":41040,"resp_h":"185.244.25.235","resp_p":80},"proto":"tcp","service":"http","duration":1.477656,"orig_bytes":149,"resp_bytes":128252,"conn_state":"SF","history":"ShADadttcfF","orig_pkts":94,"orig_ip_bytes":5525,"resp_pkts":96,"resp_ip_bytes":139044,"tunnel_parents":[]}
            {"ts":1533042911.474174,"uid":"C5JLGOoxIw2dBZt47","id.orig_h":"fe80::1","id.orig_p":123,"id.resp_h":"2001:db8::5","id.resp_p":123,"proto":"udp","duration":0.00549,"orig_bytes":48,"resp_bytes":48,"conn_state":"SF","history":"Dd","orig_pkts":1,"orig_ip_bytes":76,"resp_pkts":1,"resp_ip_bytes":76}
            """;
    static final String CSV = """
            ts,uid,id.orig_h,id.orig_p,id.resp_h,id.resp_p,proto,service,duration,orig_bytes,resp_bytes,conn_state,local_orig,local_resp,missed_bytes,history,orig_pkts,orig_ip_bytes,resp_pkts,resp_ip_bytes,tunnel_parents,label,detailed-label
            1545403816.962094,CrDn63WjJEmrWGjqf,192.168.1.195,41040,185.244.25.235,80,tcp,,3.139211,0,0,S0,,,0,S,3,180,0,0,,Benign,-
            1545403848.981338,CDrkrSobGYxHhYfth,192.168.1.195,41040,185.244.25.235,80,tcp,http,1.477656,149,128252,SF,,,2896,ShADadttcfF,94,5525,96,139044,,Malicious,FileDownload
            1533042911.474174,C5JLGOoxIw2dBZt47,fe80::1,123,2001:db8::5,123,udp,,0.005490,48,48,SF,,,0,Dd,1,76,1,76,(empty),Benign,-
            """;

    record Read(List<FlowRecord> flows, List<String> labels, ReadStats stats) {}

    static Read read(String text, InputFormat format) throws IOException {
        var flows = new ArrayList<FlowRecord>();
        var labels = new ArrayList<String>();
        var stats = new ConnLogReader(65536).read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "test", format,
                flows::add, (f, l, d) -> labels.add(f.uid() + "=" + l + "/" + d));
        return new Read(flows, labels, stats);
    }

    static InputFormat sniff(String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        return InputFormat.sniff(b, b.length);
    }

    @Test
    void tsvJsonAndCsvGiveTheSameFlows() throws IOException {
        assertEquals(InputFormat.ZEEK_TSV, sniff(TSV));
        assertEquals(InputFormat.ZEEK_JSON, sniff(JSON));
        assertEquals(InputFormat.ZEEK_CSV, sniff(CSV));
        var tsv = read(TSV, InputFormat.ZEEK_TSV).flows();
        assertEquals(tsv, read(JSON, InputFormat.ZEEK_JSON).flows());
        assertEquals(tsv, read(CSV, InputFormat.ZEEK_CSV).flows());
        FlowRecord f = tsv.get(1);
        assertEquals(1545403848981338L, f.startMicros());
        assertEquals(1477656, f.durationMicros());
        assertEquals(IpAddress.parse("185.244.25.235"), f.dst());
        assertEquals(Protocols.TCP, f.protocol());
        assertEquals(ConnState.SF, f.state());
        assertEquals(5525, f.origBytes(), "IP bytes, not payload bytes");
        assertEquals(139044, f.respBytes());
        assertEquals("http", f.service());
        assertNull(tsv.get(0).service(), "'-' is unset");
        assertEquals("fe80::1", tsv.get(2).src().toString());
    }

    @Test
    void labelsGoToTheLabelListenerOnly() throws IOException {
        var r = read(CSV, InputFormat.ZEEK_CSV);
        assertEquals(List.of("CrDn63WjJEmrWGjqf=Benign/null", "CDrkrSobGYxHhYfth=Malicious/FileDownload", "C5JLGOoxIw2dBZt47=Benign/null"), r.labels());
    }

    @Test
    void iot23MergedLabelColumnInTsv() throws IOException {
        String tsv = "#separator \\x09\n#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto\ttunnel_parents   label   detailed-label\n"
                + "1545426295.412093\tCx\t192.168.1.195\t65279\t66.67.61.168\t63798\ttcp\t-   Malicious   PartOfAHorizontalPortScan\n";
        var r = read(tsv, InputFormat.ZEEK_TSV);
        assertEquals(1, r.flows().size());
        assertEquals(List.of("Cx=Malicious/PartOfAHorizontalPortScan"), r.labels());
    }

    @Test
    void malformedLinesAreCountedWithTheirLineNumbers() throws IOException {
        String bad = CSV + "1545403816.9,Cbad1,192.168.1.300,1,1.1.1.1,2,tcp,,,,,S0,,,0,S,1,1,0,0,,Benign,-\n"
                + "1545403816.9,Cbad2,192.168.1.5,99999,1.1.1.1,2,tcp,,,,,S0,,,0,S,1,1,0,0,,Benign,-\n"
                + "1545403816.9,Cbad3,192.168.1.5\n"
                + "yesterday,Cbad4,192.168.1.5,1,1.1.1.1,2,tcp,,,,,S0,,,0,S,1,1,0,0,,Benign,-\n"
                + "1545403816.9,Cbad5,192.168.1.5,1,1.1.1.1,2,carrier-pigeon,,,,,S0,,,0,S,1,1,0,0,,Benign,-\n";
        var r = read(bad, InputFormat.ZEEK_CSV);
        assertEquals(3, r.stats().records());
        assertEquals(5, r.stats().skipped());
        assertEquals(List.of("line 5: id.orig_h '192.168.1.300' is not an address", "line 6: id.orig_p '99999' is not a port (0-65535)",
                "line 7: 3 cells where the header has 23", "line 8: ts 'yesterday' is neither epoch seconds nor an ISO 8601 time",
                "line 9: proto 'carrier-pigeon' is not tcp, udp, icmp or a number"), r.stats().problems());
        var json = read("{\"ts\":1,\"id.orig_h\":\"10.0.0.1\"\n{not json}\n[1,2]\n", InputFormat.ZEEK_JSON);
        assertEquals(3, json.stats().skipped());
    }

    @Test
    void aLineLongerThanTheBoundIsSkippedNotBuffered() throws IOException {
        String huge = "1545403816.9," + "x".repeat(200_000) + "\n";
        var r = new ConnLogReader(1024).read(new ByteArrayInputStream((CSV + huge).getBytes(StandardCharsets.UTF_8)), "t", InputFormat.ZEEK_CSV, f -> { }, LabelListener.NONE);
        assertEquals(3, r.records());
        assertEquals(List.of("line 5: longer than 1024 bytes"), r.problems());
    }

    @Test
    void aRecordBeforeAnyHeaderOrAHeaderWithoutAddressesIsAClearError() {
        var e = assertThrows(MalformedInputException.class, () -> read("#separator \\x09\n1545403816.9\tC\t1.2.3.4\n", InputFormat.ZEEK_TSV));
        assertTrue(e.getMessage().contains("no #fields header"), e.getMessage());
        e = assertThrows(MalformedInputException.class, () -> read("#separator \\x09\n#fields\tts\tuid\tquery\n", InputFormat.ZEEK_TSV));
        assertTrue(e.getMessage().contains("no 'id.orig_h' field; is this a conn.log?"), e.getMessage());
    }

    @Test
    void filesAreRecognisedByContentAndGzipIsUndone(@TempDir Path dir) throws IOException {
        Path gz = dir.resolve("capture.dat");
        try (var out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write(TSV.getBytes(StandardCharsets.UTF_8));
        }
        var flows = new ArrayList<FlowRecord>();
        var stats = new InputFiles(65536, null).read(gz, flows::add, LabelListener.NONE);
        assertEquals(3, flows.size());
        assertEquals("Zeek conn.log (TSV)", stats.format());
        Path junk = dir.resolve("notes.txt");
        Files.writeString(junk, "dear diary\n");
        var e = assertThrows(MalformedInputException.class, () -> new InputFiles(65536, null).read(junk, f -> { }, LabelListener.NONE));
        assertTrue(e.getMessage().contains("not a format warden watch reads"), e.getMessage());
        Path pcap = dir.resolve("x.pcap");
        Files.write(pcap, new byte[]{(byte) 0xd4, (byte) 0xc3, (byte) 0xb2, (byte) 0xa1, 2, 0, 4, 0});
        e = assertThrows(MalformedInputException.class, () -> new InputFiles(65536, null).read(pcap, f -> { }, LabelListener.NONE));
        assertTrue(e.getMessage().contains("packet capture"), e.getMessage());
    }

    /** Seeded mutation of valid lines in all three forms: every line is a flow or a counted skip, nothing throws. */
    @Test
    void mutatedLinesNeverCrashTheReader() throws IOException {
        var rnd = new java.util.Random(0xC0FFEE);
        String[][] forms = {{TSV, "ZEEK_TSV"}, {JSON, "ZEEK_JSON"}, {CSV, "ZEEK_CSV"}};
        for (String[] form : forms) {
            var lines = form[0].split("\n");
            var sb = new StringBuilder();
            int header = form[1].equals("ZEEK_TSV") ? 6 : form[1].equals("ZEEK_CSV") ? 1 : 0;
            for (int i = 0; i < header; i++) sb.append(lines[i]).append('\n');
            int written = 0;
            for (int k = 0; k < 3000; k++) {
                char[] line = lines[header + rnd.nextInt(3)].toCharArray();
                for (int m = rnd.nextInt(4); m > 0 && line.length > 0; m--) {
                    int p = rnd.nextInt(line.length);
                    switch (rnd.nextInt(3)) {
                        case 0 -> line[p] = (char) (32 + rnd.nextInt(95));
                        case 1 -> line[p] = "\t,:.-{}\"0".charAt(rnd.nextInt(9));
                        default -> line = java.util.Arrays.copyOf(line, p);
                    }
                }
                String l = new String(line).replace("\n", "");
                if (l.startsWith("#")) l = "x" + l; // a mutated header line would change the rules; mutate records only
                if (l.isEmpty()) continue;
                sb.append(l).append('\n');
                written++;
            }
            var r = read(sb.toString(), InputFormat.valueOf(form[1]));
            assertEquals(written, r.stats().records() + r.stats().skipped(), form[1] + ": every line is a flow or a counted skip");
            assertTrue(r.stats().skipped() > 100 && r.stats().records() > 100, form[1] + " " + r.stats().summary());
        }
    }
}
