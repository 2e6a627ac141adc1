package dev.warden.watch.input;

import dev.warden.capture.CaptureStats;

import java.util.ArrayList;
import java.util.List;

/**
 * What reading one input produced: records delivered, records skipped as malformed (with the first few reasons, each
 * naming the line), so that bad input is a count and a message, never a crash.
 */
public final class ReadStats {
    private static final int KEPT_PROBLEMS = 5;
    private String source;
    private final String format;
    private long records;
    private long readerCpuNanos, listenerWaits, listenerWaitNanos;
    private long skipped;
    /** Packets read that carry no IP (ARP, EAPOL, LLDP, ...): read, but nothing the engine watches. */
    private long withoutIp;
    /** TCP and UDP packets whose transport header the capture cut off (snapshot length): delivered without ports. */
    private long cutBeforeTransport;
    private final List<String> problems = new ArrayList<>();
    /** Distinct reasons beyond the ones kept. */
    private boolean moreProblems;
    private CaptureStats capture;
    /** For NetFlow/IPFIX inputs: what never reached the decoder; null for every other input. */
    private Loss loss;

    /**
     * What a flow export lost on the way: flow records and NetFlow v9 export packets that sequence numbers show were not
     * decoded (lost on the way or dropped here), the datagrams the collector dropped (a part of those where sequence
     * numbers tell), and a sentence saying which.
     */
    public record Loss(long records, long datagrams, long dropped, String summary) {}

    public ReadStats(String source, String format) {
        this.source = source;
        this.format = format;
    }

    public void delivered() {
        records++;
    }

    public void delivered(long n) {
        records += n;
    }

    public void cutBeforeTransport() {
        cutBeforeTransport++;
    }

    public long cutBeforeTransportPackets() {
        return cutBeforeTransport;
    }

    /** A packet that was read whole but carries no IP. */
    public void withoutIp() {
        withoutIp++;
    }

    public long withoutIpPackets() {
        return withoutIp;
    }

    public void skip(String problem) {
        skipped++;
        keep(problem);
    }

    /** A further reason for skips already counted. */
    public void note(String problem) {
        keep(problem);
    }

    /** Keeps the first few distinct reasons; notes that there were more. */
    private void keep(String problem) {
        if (problems.contains(problem)) return;
        if (problems.size() < KEPT_PROBLEMS) problems.add(problem);
        else moreProblems = true;
    }

    public void skip(long n, String problem) {
        if (n <= 0) return;
        skipped += n;
        keep(problem);
    }

    public String source() {
        return source;
    }

    public String format() {
        return format;
    }

    public long records() {
        return records;
    }

    public long skipped() {
        return skipped;
    }

    /** For a NetFlow/IPFIX input: what was lost before decoding ({@code summary} empty when nothing). */
    public void lost(long records, long datagrams, long dropped, String summary) {
        this.loss = new Loss(records, datagrams, dropped, summary);
    }

    /** What a NetFlow/IPFIX input lost before decoding; null for other inputs. */
    public Loss loss() {
        return loss;
    }

    /** Whether a NetFlow/IPFIX input lost anything before decoding. */
    public boolean hasLoss() {
        return loss != null && !loss.summary().isEmpty();
    }

    /** A file read ahead on a thread of its own: the CPU time that thread used, in nanoseconds (for the benchmark). */
    void readerCpuNanos(long nanos) {
        this.readerCpuNanos = nanos;
    }

    /** The CPU time of the thread that read the file ahead of the engine; 0 when the engine's thread read it. */
    public long readerCpuNanos() {
        return readerCpuNanos;
    }

    /** A file read ahead: how many times, and how long in all, the engine found no packets ready and waited. */
    void listenerWaits(long count, long nanos) {
        this.listenerWaits = count;
        this.listenerWaitNanos = nanos;
    }

    /** How many times the engine waited on the thread reading ahead (0 when the file was read on its thread). */
    public long listenerWaits() {
        return listenerWaits;
    }

    /** How long the engine waited on the thread reading ahead in all, in nanoseconds. */
    public long listenerWaitNanos() {
        return listenerWaitNanos;
    }

    /** For a live capture: libpcap's received and dropped counters at its end. */
    public void capture(CaptureStats stats) {
        this.capture = stats;
    }

    /** libpcap's counters for a live capture; null for files and flow inputs. */
    public CaptureStats captureStats() {
        return capture;
    }

    public List<String> problems() {
        return List.copyOf(problems);
    }

    /** The name to report this input under (a pipe read through a temporary copy keeps the name it was given). */
    public ReadStats renamed(String source) {
        this.source = source;
        return this;
    }

    /** One line for stderr: "conn.log (Zeek conn.log (TSV)): 23,145 flows, 2 skipped (line 7: ...)". */
    public String summary() {
        String noun = format.contains("capture") ? (records == 1 ? " packet" : " packets") : records == 1 ? " flow" : " flows";
        var sb = new StringBuilder(source).append(" (").append(format).append("): ")
                .append(String.format(java.util.Locale.ROOT, "%,d", records)).append(noun);
        if (withoutIp > 0) sb.append(String.format(java.util.Locale.ROOT, " (and %,d without IP, passed over)", withoutIp));
        if (skipped > 0) sb.append(", ").append(skipped).append(" skipped (").append(String.join("; ", problems)).append(moreProblems ? "; ..." : "").append(")");
        if (hasLoss()) sb.append("; ").append(loss.summary());
        return sb.toString();
    }
}
