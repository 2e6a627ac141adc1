package dev.warden.capture;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads libpcap files, parsing records in place from a read buffer or a memory mapping.
 *
 * <p>Records are parsed in place from the {@link CaptureInput} window (see {@link FileAccess}).
 *
 * <p>Layout (all fields in the writer's byte order, told by the magic number): a 24-byte file header (magic, version
 * 2.4, two reserved words, snapshot length, link type in the low 16 bits) and then records of a 16-byte header
 * (seconds, microseconds or nanoseconds, captured length, original length) followed by the captured bytes.
 *
 * <p>A record whose captured length runs past the end of the file is a truncated last record (a capture that was cut
 * short) when the length is plausible, or a corrupt header when it exceeds {@value #MAX_PACKET} bytes, the largest
 * snapshot length libpcap writes. Under {@link OnCorrupt#SKIP} a corrupt header is skipped by scanning forward, at
 * most {@value #RESYNC_WINDOW} bytes, for a position where two consecutive plausible record headers line up.
 */
public final class PcapReader implements PacketSource {

    /** libpcap's largest snapshot length for the link types Warden reads; longer records are corrupt. */
    static final int MAX_PACKET = 262_144;
    static final int FILE_HEADER = 24;
    static final int RECORD_HEADER = 16;
    /** Two maximal records: a scan that finds nothing plausible in this span gives up. */
    static final int RESYNC_WINDOW = 2 * (MAX_PACKET + RECORD_HEADER);
    /** A resynchronised record must be within a day of the last good one. */
    private static final long RESYNC_MAX_SECONDS_APART = 86_400;

    private static final ValueLayout.OfInt LE_INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong LE_LONG = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfShort LE_SHORT = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final String name;
    private final CaptureInput in;
    private final long size;
    private final OnCorrupt onCorrupt;
    private final boolean bigEndian;
    private final boolean nanos;
    private final int linkType;
    private final int snapLength;
    private final int fcsLength;
    private final SkipLog skips = new SkipLog();

    private long pos = FILE_HEADER;
    private long recordOffset = -1;
    private long timestampNanos;
    private int capturedLength;
    private long wireLength;
    private long packets;
    private long lastSeconds = -1;
    private boolean closed;

    private PcapReader(CaptureInput in, OnCorrupt onCorrupt) throws CaptureException {
        this.name = in.name;
        this.in = in;
        this.size = in.size;
        this.onCorrupt = onCorrupt;
        if (!in.ensure(0, FILE_HEADER)) {
            throw new CaptureException(name, 0, "truncated pcap file header (" + size + " of " + FILE_HEADER + " bytes)");
        }
        int magic = in.seg.get(LE_INT, 0);
        if (magic == CaptureFormat.PCAP_MICROS || magic == CaptureFormat.PCAP_NANOS) {
            bigEndian = false;
        } else if (Integer.reverseBytes(magic) == CaptureFormat.PCAP_MICROS
            || Integer.reverseBytes(magic) == CaptureFormat.PCAP_NANOS) {
            bigEndian = true;
            magic = Integer.reverseBytes(magic);
        } else {
            throw new CaptureException(name, 0, String.format("not a pcap file (magic %08x)", Integer.reverseBytes(magic)));
        }
        nanos = magic == CaptureFormat.PCAP_NANOS;
        int major = u16(4);
        int minor = u16(6);
        if (major != 2) {
            throw new CaptureException(name, 4, "unsupported pcap version " + major + "." + minor + " (expected 2.x)");
        }
        snapLength = i32(16);
        int linkField = i32(20);
        linkType = linkField & 0xFFFF;
        // Bits 28-31 give the FCS length in 16-bit words when bit 26 says it is present.
        fcsLength = (linkField & 0x0400_0000) != 0 ? (linkField >>> 28) * 2 : -1;
    }

    /** Opens {@code file} with buffered reads and reads its header. */
    public static PcapReader open(Path file, OnCorrupt onCorrupt) throws CaptureException {
        return open(file, onCorrupt, FileAccess.BUFFERED);
    }

    /** Opens {@code file} and reads its header. */
    public static PcapReader open(Path file, OnCorrupt onCorrupt, FileAccess access) throws CaptureException {
        CaptureInput in = CaptureInput.open(file, access);
        try {
            return new PcapReader(in, onCorrupt);
        } catch (CaptureException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    /** Reads a pcap held in memory; the caller keeps {@code bytes} alive. */
    public static PcapReader of(MemorySegment bytes, String name, OnCorrupt onCorrupt) throws CaptureException {
        return new PcapReader(CaptureInput.of(bytes, name), onCorrupt);
    }

    @Override
    public boolean advance() throws CaptureException {
        if (closed) throw new IllegalStateException(name + " is closed");
        while (true) {
            long p = pos;
            long remaining = size - p;
            if (remaining == 0) return false;
            if (remaining < RECORD_HEADER) {
                corrupt(p, "truncated record header at offset " + p + " (" + remaining + " of 16 bytes)");
                pos = size;
                return false;
            }
            need(p, RECORD_HEADER);
            // the record header in two reads: seconds and fraction, captured and original length
            long times = in.seg.get(LE_LONG, p - in.start), lengths = in.seg.get(LE_LONG, p + 8 - in.start);
            if (bigEndian) {
                times = Long.reverseBytes(times);
                lengths = Long.reverseBytes(lengths);
                times = times << 32 | times >>> 32; // each 32-bit field is big-endian, in file order
                lengths = lengths << 32 | lengths >>> 32;
            }
            long captured = lengths & 0xFFFF_FFFFL;
            if (captured > MAX_PACKET) {
                String what = captured > remaining - RECORD_HEADER
                    ? "packet length " + captured + " larger than the file (" + (remaining - RECORD_HEADER)
                        + " bytes left) in the record at offset " + p
                    : "packet length " + captured + " exceeds the " + MAX_PACKET + "-byte limit in the record at offset " + p;
                corrupt(p, what);
                resync(p, what);
                continue;
            }
            if (lengths == 0 && times == 0) {
                // no bytes on no wire at 1970-01-01: zeroed bytes, not a record (taken as one, its time of 0 would make
                // every real record after it look implausible to the resynchronising scan)
                String what = "a record header of zeros at offset " + p;
                corrupt(p, what);
                resync(p, what);
                continue;
            }
            if (captured > remaining - RECORD_HEADER) {
                corrupt(p, "truncated packet at offset " + p + ": the record holds " + captured + " bytes, the file has "
                    + (remaining - RECORD_HEADER) + " left");
                pos = size;
                return false;
            }
            need(p, RECORD_HEADER + captured);
            long seconds = times & 0xFFFF_FFFFL;
            long fraction = times >>> 32;
            timestampNanos = seconds * 1_000_000_000L + (nanos ? fraction : fraction * 1000);
            capturedLength = (int) captured;
            wireLength = lengths >>> 32;
            recordOffset = p;
            lastSeconds = seconds;
            pos = p + RECORD_HEADER + captured;
            packets++;
            return true;
        }
    }

    /** Throws under STOP; under SKIP the caller goes on and the skip is counted here. */
    private void corrupt(long offset, String what) throws CaptureException {
        if (onCorrupt == OnCorrupt.STOP) throw new CaptureException(name, offset, what);
        skips.skip(what);
    }

    /** Makes {@code n} bytes at {@code p} readable; the size check before it says they are in the file. */
    private void need(long p, long n) throws CaptureException {
        if (!in.ensure(p, n)) throw new CaptureException(name, p, "the file ended at offset " + in.end + " while being read");
    }

    private void resync(long bad, String what) throws CaptureException {
        long limit = Math.min(size, bad + RESYNC_WINDOW);
        // Everything the scan reads: candidate headers up to the limit and the record after each.
        need(bad, Math.min(size - bad, RESYNC_WINDOW + 2 * RECORD_HEADER + MAX_PACKET));
        for (long q = bad + 1; q < limit; q++) {
            if (q + RECORD_HEADER > size) break;
            long next = plausibleRecordEnd(q);
            if (next < 0) continue;
            if (next == size || plausibleRecordEnd(next) >= 0) {
                pos = q;
                return;
            }
        }
        if (limit == size) {
            // nothing plausible up to the end of the file: a damaged or zero-filled tail (a crash, a preallocated
            // file). What came before it stands; the tail is the skipped record already counted.
            pos = size;
            return;
        }
        // resync runs under SKIP only: the packets before the damage stand, and the skip says the rest was not read
        skips.tail("damage at offset " + bad + " with no plausible record header within " + (limit - bad) + " bytes after it, cannot resynchronise: the last "
            + (size - bad) + " bytes of the file are not read");
        pos = size;
    }

    /** The end of the record at {@code q} if its header looks like a real one, else -1. */
    private long plausibleRecordEnd(long q) {
        if (q + RECORD_HEADER > size) return -1;
        long seconds = i32(q) & 0xFFFF_FFFFL;
        long fraction = i32(q + 4) & 0xFFFF_FFFFL;
        long captured = i32(q + 8) & 0xFFFF_FFFFL;
        long wire = i32(q + 12) & 0xFFFF_FFFFL;
        if (captured > MAX_PACKET || captured > size - q - RECORD_HEADER) return -1;
        if (wire < captured || wire > 16L * MAX_PACKET || wire == 0 && seconds == 0) return -1;
        if (fraction >= (nanos ? 1_000_000_000L : 1_000_000L)) return -1;
        if (lastSeconds >= 0 && Math.abs(seconds - lastSeconds) > RESYNC_MAX_SECONDS_APART) return -1;
        return q + RECORD_HEADER + captured;
    }

    /** The int at file offset {@code offset}, in the file's byte order; the window must hold it. */
    private int i32(long offset) {
        int v = in.seg.get(LE_INT, offset - in.start);
        return bigEndian ? Integer.reverseBytes(v) : v;
    }

    private int u16(long offset) {
        short v = in.seg.get(LE_SHORT, offset - in.start);
        return (bigEndian ? Short.reverseBytes(v) : v) & 0xFFFF;
    }

    /** True for files written with nanosecond timestamps (magic a1b23c4d). */
    public boolean nanosecondTimestamps() {
        return nanos;
    }

    /** The writer's byte order. */
    public ByteOrder byteOrder() {
        return bigEndian ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
    }

    /** The snapshot length from the file header. */
    public int snapLength() {
        return snapLength;
    }

    /** Bytes of frame check sequence at the end of each packet when the header says so, else -1 (unknown). */
    public int fcsLength() {
        return fcsLength;
    }

    @Override
    public CaptureFormat format() {
        return CaptureFormat.PCAP;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public long timestampNanos() {
        return timestampNanos;
    }

    @Override
    public int linkType() {
        return linkType;
    }

    @Override
    public int interfaceId() {
        return 0;
    }

    @Override
    public int capturedLength() {
        return capturedLength;
    }

    @Override
    public long wireLength() {
        return wireLength;
    }

    @Override
    public MemorySegment segment() {
        return in.seg;
    }

    @Override
    public long offset() {
        return recordOffset + RECORD_HEADER - in.start;
    }

    @Override
    public long recordOffset() {
        return recordOffset;
    }

    @Override
    public long packetCount() {
        return packets;
    }

    @Override
    public long skippedRecords() {
        return skips.count();
    }

    @Override
    public List<String> skipReasons() {
        return skips.reasons();
    }

    @Override
    public String unreadTail() {
        return skips.tail();
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        in.close();
    }
}
