package dev.warden.capture;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Reads pcapng files, parsing blocks in place from a read buffer or a memory mapping.
 *
 * <p>A file is a sequence of blocks, each {@code type, total length, body, total length} with lengths a multiple of
 * 4. A Section Header Block starts each section and sets its byte order (byte-order magic 1a2b3c4d); Interface
 * Description Blocks number the section's interfaces from 0 and give each its link type, snapshot length and
 * timestamp resolution ({@code if_tsresol}: 10^-n or 2^-n seconds) and offset ({@code if_tsoffset}, seconds).
 * Packets come in Enhanced Packet Blocks, Simple Packet Blocks (interface 0, no timestamp: the previous packet's time
 * is reported) and the obsolete Packet Block. Every other block type is skipped.
 *
 * <p>Blocks are parsed in place from the {@link CaptureInput} window (see {@link FileAccess}). Packet and interface
 * blocks longer than {@value #MAX_BLOCK} bytes are treated as corrupt; other blocks may be any length.
 *
 * <p>Damage inside a block whose framing is intact (an unknown interface, a packet longer than its block) skips that
 * block under {@link OnCorrupt#SKIP}. Damaged framing (a length that is not a multiple of 4, runs past the file or
 * disagrees with the trailing copy) is skipped by scanning forward, 4 bytes at a time and at most
 * {@value #RESYNC_WINDOW} bytes, for a known block type whose leading and trailing lengths agree. A damaged section
 * header cannot be skipped: without it the byte order of what follows is unknown.
 */
public final class PcapngReader implements PacketSource {

    static final int SHB = CaptureFormat.PCAPNG_SHB;
    static final int IDB = 1;
    static final int OPB = 2;
    static final int SPB = 3;
    static final int NRB = 4;
    static final int ISB = 5;
    static final int EPB = 6;
    static final int DSB = 0x0A;
    static final int CUSTOM = 0x0BAD;
    static final int CUSTOM_NO_COPY = 0x4000_0BAD;
    /** Interfaces per section; bounds the interface table for a file of nothing but interface blocks. */
    static final int MAX_INTERFACES = 65_536;
    static final int RESYNC_WINDOW = 1 << 20;
    private static final int MIN_BLOCK = 12;

    private static final ValueLayout.OfInt LE_INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfShort LE_SHORT = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong LE_LONG = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    /** Packet and interface blocks must fit the read window; other blocks may be any length. */
    static final int MAX_BLOCK = CaptureInput.BUFFER_SIZE;

    private final String name;
    private final CaptureInput in;
    private final long size;
    private final OnCorrupt onCorrupt;
    private final SkipLog skips = new SkipLog();

    // The current section.
    private boolean bigEndian;
    private long sectionOffset;
    private int interfaces;
    private int[] ifLinkType = new int[4];
    private int[] ifSnapLength = new int[4];
    private final Timestamps ts = new Timestamps();

    private long pos;
    private long recordOffset = -1;
    private long offset;
    private long timestampNanos;
    private int linkType;
    private int interfaceId;
    private int capturedLength;
    private long wireLength;
    private long packets;
    private boolean closed;

    private PcapngReader(CaptureInput in, OnCorrupt onCorrupt) throws CaptureException {
        this.name = in.name;
        this.in = in;
        this.size = in.size;
        this.onCorrupt = onCorrupt;
        if (!in.ensure(0, MIN_BLOCK) || in.seg.get(LE_INT, 0) != SHB) {
            throw new CaptureException(name, 0, "not a pcapng file: it does not start with a section header block");
        }
    }

    /** Opens {@code file} with buffered reads; the first section header is read by the first {@link #advance()}. */
    public static PcapngReader open(Path file, OnCorrupt onCorrupt) throws CaptureException {
        return open(file, onCorrupt, FileAccess.BUFFERED);
    }

    /** Opens {@code file}; the first section header is read by the first {@link #advance()}. */
    public static PcapngReader open(Path file, OnCorrupt onCorrupt, FileAccess access) throws CaptureException {
        CaptureInput in = CaptureInput.open(file, access);
        try {
            return new PcapngReader(in, onCorrupt);
        } catch (CaptureException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    /** Reads a pcapng held in memory; the caller keeps {@code bytes} alive. */
    public static PcapngReader of(MemorySegment bytes, String name, OnCorrupt onCorrupt) throws CaptureException {
        return new PcapngReader(CaptureInput.of(bytes, name), onCorrupt);
    }

    @Override
    public boolean advance() throws CaptureException {
        if (closed) throw new IllegalStateException(name + " is closed");
        while (true) {
            long p = pos;
            long remaining = size - p;
            if (remaining == 0) return false;
            if (remaining < MIN_BLOCK) {
                corrupt(p, "truncated block header at offset " + p + " (" + remaining + " of 12 bytes)");
                pos = size;
                return false;
            }
            need(p, MIN_BLOCK);
            int type = i32(p);
            if (type == SHB) {
                sectionHeader(p);
                continue;
            }
            long length = i32(p + 4) & 0xFFFF_FFFFL;
            boolean framed = length >= MIN_BLOCK && (length & 3) == 0 && length <= remaining;
            if (framed && length <= MAX_BLOCK) need(p, length);  // then the trailer check below reads the window
            if (!framed || trailer(p, length) != length) {
                // A block cut short by the end of the file (an interrupted capture) ends up here too: the scan
                // then finds nothing up to the end and the capture ends with the skip counted.
                String what = framingProblem(p, type, length, remaining);
                corrupt(p, what);
                resync(p, what);
                continue;
            }
            pos = p + length;
            if (length > MAX_BLOCK && (type == EPB || type == SPB || type == OPB || type == IDB)) {
                if (type == IDB) {
                    throw new CaptureException(name, p, "interface description block at offset " + p + " is " + length
                        + " bytes, over the " + MAX_BLOCK + "-byte limit");
                }
                corruptBlock(p, "packet block at offset " + p + " is " + length + " bytes, over the " + MAX_BLOCK + "-byte limit");
                continue;
            }
            switch (type) {
                case EPB -> {
                    if (enhancedPacket(p, length)) return true;
                }
                case SPB -> {
                    if (simplePacket(p, length)) return true;
                }
                case OPB -> {
                    if (obsoletePacket(p, length)) return true;
                }
                case IDB -> interfaceDescription(p, length);
                default -> {
                    // statistics, name resolution, decryption secrets, custom and unknown blocks carry no packets
                }
            }
        }
    }

    private boolean enhancedPacket(long p, long length) throws CaptureException {
        if (length < 32) return corruptBlock(p, "enhanced packet block at offset " + p + " is " + length + " bytes, under the 32-byte minimum");
        int iface = i32(p + 8);
        long captured = i32(p + 20) & 0xFFFF_FFFFL;
        if (captured > length - 32) {
            return corruptBlock(p, "packet length " + captured + " larger than its enhanced packet block (" + (length - 32)
                + " bytes of data) at offset " + p);
        }
        return packet(p, iface, i32(p + 12), i32(p + 16), captured, i32(p + 24) & 0xFFFF_FFFFL, p + 28);
    }

    private boolean obsoletePacket(long p, long length) throws CaptureException {
        if (length < 32) return corruptBlock(p, "packet block at offset " + p + " is " + length + " bytes, under the 32-byte minimum");
        int iface = u16(p + 8);
        long captured = i32(p + 20) & 0xFFFF_FFFFL;
        if (captured > length - 32) {
            return corruptBlock(p, "packet length " + captured + " larger than its packet block (" + (length - 32)
                + " bytes of data) at offset " + p);
        }
        return packet(p, iface, i32(p + 12), i32(p + 16), captured, i32(p + 24) & 0xFFFF_FFFFL, p + 28);
    }

    private boolean packet(long p, int iface, int tsHigh, int tsLow, long captured, long wire, long data)
        throws CaptureException {
        if (iface < 0 || iface >= interfaces) {
            return corruptBlock(p, "packet block at offset " + p + " names interface " + Integer.toUnsignedString(iface)
                + " but the section has " + interfaces);
        }
        timestampNanos = ts.toNanos(iface, ((long) tsHigh << 32) | (tsLow & 0xFFFF_FFFFL));
        deliver(p, iface, (int) captured, wire, data);
        return true;
    }

    private boolean simplePacket(long p, long length) throws CaptureException {
        if (length < 16) return corruptBlock(p, "simple packet block at offset " + p + " is " + length + " bytes, under the 16-byte minimum");
        if (interfaces == 0) return corruptBlock(p, "simple packet block at offset " + p + " before any interface description");
        long wire = i32(p + 8) & 0xFFFF_FFFFL;
        long captured = Math.min(wire, length - 16);
        int snap = ifSnapLength[0];
        if (snap > 0) captured = Math.min(captured, snap);
        // No timestamp in this block: the previous packet's time keeps the stream monotonic.
        deliver(p, 0, (int) captured, wire, p + 12);
        return true;
    }

    private void deliver(long p, int iface, int captured, long wire, long data) {
        recordOffset = p;
        interfaceId = iface;
        linkType = ifLinkType[iface];
        capturedLength = captured;
        wireLength = wire;
        offset = data;
        packets++;
    }

    private void sectionHeader(long p) throws CaptureException {
        long remaining = size - p;
        if (remaining < 28) {
            corrupt(p, "truncated section header block at offset " + p + " (" + remaining + " of 28 bytes)");
            pos = size;
            return;
        }
        need(p, 28);
        int bom = in.seg.get(LE_INT, p + 8 - in.start);
        if (bom == CaptureFormat.PCAPNG_BYTE_ORDER) {
            bigEndian = false;
        } else if (Integer.reverseBytes(bom) == CaptureFormat.PCAPNG_BYTE_ORDER) {
            bigEndian = true;
        } else {
            throw new CaptureException(name, p + 8, String.format(
                "section header block at offset %d has byte-order magic %08x, expected 1a2b3c4d", p, Integer.reverseBytes(bom)));
        }
        long length = i32(p + 4) & 0xFFFF_FFFFL;
        if (length >= 28 && (length & 3) == 0 && length > remaining && length <= MAX_BLOCK) {
            throw new CaptureException(name, p, "truncated: the section header block at offset " + p + " needs " + length
                + " bytes, the file has " + remaining + " from there");
        }
        if (length < 28 || (length & 3) != 0 || length > remaining || trailer(p, length) != length) {
            throw new CaptureException(name, p, "section header block at offset " + p + " has a bad length (" + length
                + "), cannot read the section");
        }
        int major = u16(p + 12);
        if (major != 1) {
            throw new CaptureException(name, p + 12, "section at offset " + p + " is pcapng version " + major + "."
                + u16(p + 14) + ", only 1.x is supported");
        }
        sectionOffset = p;
        interfaces = 0;
        pos = p + length;
    }

    private void interfaceDescription(long p, long length) throws CaptureException {
        if (length < 20) {
            throw new CaptureException(name, p, "interface description block at offset " + p + " is " + length
                + " bytes, under the 20-byte minimum");
        }
        if (interfaces == MAX_INTERFACES) {
            throw new CaptureException(name, p, "more than " + MAX_INTERFACES + " interfaces in the section at offset "
                + sectionOffset);
        }
        int id = interfaces;
        if (id == ifLinkType.length) {
            ifLinkType = Arrays.copyOf(ifLinkType, id * 2);
            ifSnapLength = Arrays.copyOf(ifSnapLength, id * 2);
        }
        ifLinkType[id] = u16(p + 8);
        ifSnapLength[id] = i32(p + 12);
        int resolution = 6;
        long offsetSeconds = 0;
        long o = p + 16;
        long end = p + length - 4;
        while (o + 4 <= end) {
            int code = u16(o);
            int len = u16(o + 2);
            if (code == 0) break;
            if (o + 4 + len > end) break;  // a damaged option list: keep what was read, as Wireshark does
            if (code == 9 && len == 1) resolution = in.seg.get(ValueLayout.JAVA_BYTE, o + 4 - in.start) & 0xFF;
            if (code == 14 && len == 8) {
                long v = in.seg.get(LE_LONG, o + 4 - in.start);
                offsetSeconds = bigEndian ? Long.reverseBytes(v) : v;
            }
            o += 4 + ((len + 3) & ~3);
        }
        if (!ts.set(id, resolution, offsetSeconds)) {
            throw new CaptureException(name, p, String.format("interface %d at offset %d has if_tsresol %02x, finer than"
                + " Warden can convert (at most 10^-18 or 2^-63 seconds)", id, p, resolution));
        }
        interfaces++;
    }

    private static boolean knownType(int type) {
        return type == SHB || type == IDB || type == OPB || type == SPB || type == NRB || type == ISB || type == EPB
            || type == DSB || type == CUSTOM || type == CUSTOM_NO_COPY || type == 7 || type == 8 || type == 9;
    }

    private String framingProblem(long p, int type, long length, long remaining) throws CaptureException {
        String block = "block type 0x" + Integer.toHexString(type) + " at offset " + p;
        if (length < MIN_BLOCK) return block + " has length " + length + ", under the 12-byte minimum";
        if ((length & 3) != 0) return block + " has length " + length + ", not a multiple of 4";
        if (length > remaining) return block + " has length " + length + ", larger than the file (" + remaining + " bytes left)";
        return block + " has length " + length + " but its trailing length is " + trailer(p, length);
    }

    /** The trailing copy of a block's length; read past the window without moving it when the block is long. */
    private long trailer(long p, long length) throws CaptureException {
        int v = in.peekIntLe(p + length - 4);
        return (bigEndian ? Integer.reverseBytes(v) : v) & 0xFFFF_FFFFL;
    }

    /** Makes {@code n} bytes at {@code p} readable; the size check before it says they are in the file. */
    private void need(long p, long n) throws CaptureException {
        if (!in.ensure(p, n)) throw new CaptureException(name, p, "the file ended at offset " + in.end + " while being read");
    }

    private void resync(long bad, String what) throws CaptureException {
        long limit = Math.min(size - MIN_BLOCK, bad + RESYNC_WINDOW);
        need(bad, Math.min(size - bad, RESYNC_WINDOW + MIN_BLOCK));
        for (long q = bad + 4; q <= limit; q += 4) {
            int type = i32(q);
            if (!knownType(type)) continue;
            if (type == SHB) {
                int bom = in.seg.get(LE_INT, q + 8 - in.start);
                if (bom == CaptureFormat.PCAPNG_BYTE_ORDER || Integer.reverseBytes(bom) == CaptureFormat.PCAPNG_BYTE_ORDER) {
                    pos = q;
                    return;
                }
                continue;
            }
            long length = i32(q + 4) & 0xFFFF_FFFFL;
            if (length >= MIN_BLOCK && (length & 3) == 0 && length <= size - q && trailer(q, length) == length) {
                pos = q;
                return;
            }
        }
        if (bad + RESYNC_WINDOW >= size - MIN_BLOCK) {
            pos = size;  // nothing intact up to the end of the file: the skip is counted, the capture ends
            return;
        }
        // as for pcap: what came before the damage stands, and the skip says the rest was not read
        skips.tail("damage at offset " + bad + " with no intact block within " + RESYNC_WINDOW + " bytes after it, cannot resynchronise: the last "
            + (size - bad) + " bytes of the file are not read");
        pos = size;
    }

    /** Throws under STOP; under SKIP counts the skip and lets the caller go on. */
    private void corrupt(long offset, String what) throws CaptureException {
        if (onCorrupt == OnCorrupt.STOP) throw new CaptureException(name, offset, what);
        skips.skip(what);
    }

    /** A bad block with intact framing: {@link #pos} is already past it. Returns false: no packet delivered. */
    private boolean corruptBlock(long offset, String what) throws CaptureException {
        corrupt(offset, what);
        return false;
    }

    /** The int at file offset {@code offset}, in the section's byte order; the window must hold it. */
    private int i32(long offset) {
        int v = in.seg.get(LE_INT, offset - in.start);
        return bigEndian ? Integer.reverseBytes(v) : v;
    }

    private int u16(long offset) {
        short v = in.seg.get(LE_SHORT, offset - in.start);
        return (bigEndian ? Short.reverseBytes(v) : v) & 0xFFFF;
    }

    /** Byte order of the current section. */
    public ByteOrder byteOrder() {
        return bigEndian ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
    }

    /** Interfaces described so far in the current section. */
    public int interfaceCount() {
        return interfaces;
    }

    @Override
    public CaptureFormat format() {
        return CaptureFormat.PCAPNG;
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
        return interfaceId;
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
        return offset - in.start;
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
