package dev.warden.capture;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** The capture file formats Warden reads, recognised by their magic numbers, never by the file name. */
public enum CaptureFormat {
    /** libpcap: magic a1b2c3d4 (microseconds) or a1b23c4d (nanoseconds), in either byte order. */
    PCAP,
    /** pcapng: a Section Header Block (0a0d0d0a) with byte-order magic 1a2b3c4d, in either byte order. */
    PCAPNG;

    static final int PCAP_MICROS = 0xA1B2C3D4;
    static final int PCAP_NANOS = 0xA1B23C4D;
    static final int PCAPNG_SHB = 0x0A0D0D0A;
    static final int PCAPNG_BYTE_ORDER = 0x1A2B3C4D;

    /** Reads the first bytes of {@code file} and tells its format. */
    public static CaptureFormat detect(Path file) throws CaptureException {
        ByteBuffer head = ByteBuffer.allocate(12);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            while (head.hasRemaining() && ch.read(head) >= 0) {
                // a short read from a pipe or network file system: keep reading until 12 bytes or the end
            }
        } catch (IOException e) {
            throw new CaptureException(file.toString(), -1, "cannot read: " + dev.warden.config.IoProblems.reason(e), e);
        }
        head.flip();
        return detect(MemorySegment.ofBuffer(head), file.toString());
    }

    /** Tells the format of a capture held in memory; {@code name} is used in the error message. */
    public static CaptureFormat detect(MemorySegment bytes, String name) throws CaptureException {
        long size = bytes.byteSize();
        if (size < 4) {
            throw new CaptureException(name, 0, size == 0 ? "empty file, not a capture"
                : "only " + size + " bytes, too short for a capture file header");
        }
        int le = bytes.get(ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), 0);
        int be = Integer.reverseBytes(le);
        if (le == PCAP_MICROS || le == PCAP_NANOS || be == PCAP_MICROS || be == PCAP_NANOS) return PCAP;
        if (le == PCAPNG_SHB) {
            if (size < 12) throw new CaptureException(name, 0, "truncated pcapng section header (" + size + " of 12 bytes)");
            int bom = bytes.get(ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), 8);
            if (bom == PCAPNG_BYTE_ORDER || Integer.reverseBytes(bom) == PCAPNG_BYTE_ORDER) return PCAPNG;
            throw new CaptureException(name, 8, String.format(
                "pcapng section header at offset 0 has byte-order magic %08x, expected 1a2b3c4d", bom));
        }
        throw new CaptureException(name, 0, String.format("unknown capture format (magic %08x)%s", be, hint(be)));
    }

    private static String hint(int magic) {
        if ((magic >>> 16) == 0x1F8B) return ": gzip-compressed, decompress it first";
        if (magic == 0x28B52FFD) return ": zstd-compressed, decompress it first";
        if (magic == 0x04224D18) return ": lz4-compressed, decompress it first";
        if (magic == 0xA1B2CD34 || magic == 0x34CDB2A1) return ": the old Kuznetzov \"modified pcap\" format is not supported;"
            + " convert it with editcap -F pcap";
        if (magic == 0x736E6F6F) return ": Sun snoop is not supported; convert it with editcap -F pcap";
        return "; Warden reads pcap (a1b2c3d4, a1b23c4d) and pcapng (0a0d0d0a)";
    }
}
