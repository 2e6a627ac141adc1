package dev.warden.capture;

import java.io.ByteArrayOutputStream;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes pcapng files block by block for tests; each section may have its own byte order. */
final class PcapngBuilder {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private ByteOrder order = ByteOrder.LITTLE_ENDIAN;

    /** Starts a section in {@code order}. */
    PcapngBuilder section(ByteOrder order) {
        this.order = order;
        return block(PcapngReader.SHB, buf(16).putInt(0x1A2B3C4D).putShort((short) 1).putShort((short) 0).putLong(-1));
    }

    /** An interface description with no options (microsecond timestamps). */
    PcapngBuilder iface(int linkType, int snapLength) {
        return iface(linkType, snapLength, -1, null);
    }

    /**
     * An interface description.
     *
     * @param tsresol the if_tsresol byte, or -1 for none
     * @param tsoffset if_tsoffset seconds, or null for none
     */
    PcapngBuilder iface(int linkType, int snapLength, int tsresol, Long tsoffset) {
        ByteBuffer b = buf(64).putShort((short) linkType).putShort((short) 0).putInt(snapLength);
        b.putShort((short) 2).putShort((short) 4).put("eth0".getBytes());  // if_name, padded already
        if (tsresol >= 0) b.putShort((short) 9).putShort((short) 1).put((byte) tsresol).put(new byte[3]);
        if (tsoffset != null) b.putShort((short) 14).putShort((short) 8).putLong(tsoffset);
        b.putInt(0);  // opt_endofopt
        return block(PcapngReader.IDB, b);
    }

    /** An enhanced packet block; {@code timestamp} is in the interface's units. */
    PcapngBuilder epb(int iface, long timestamp, byte[] data) {
        return epb(iface, timestamp, data, data.length);
    }

    PcapngBuilder epb(int iface, long timestamp, byte[] data, int wireLength) {
        ByteBuffer b = buf(20 + pad(data.length) + 12).putInt(iface).putInt((int) (timestamp >>> 32)).putInt((int) timestamp)
            .putInt(data.length).putInt(wireLength).put(data).put(new byte[pad(data.length) - data.length]);
        b.putShort((short) 1).putShort((short) 4).put("test".getBytes());  // opt_comment
        b.putInt(0);
        return block(PcapngReader.EPB, b);
    }

    /** A simple packet block (interface 0, no timestamp). */
    PcapngBuilder spb(byte[] data, int wireLength) {
        return block(PcapngReader.SPB, buf(4 + pad(data.length)).putInt(wireLength).put(data)
            .put(new byte[pad(data.length) - data.length]));
    }

    /** The obsolete packet block (type 2). */
    PcapngBuilder opb(int iface, long timestamp, byte[] data) {
        return block(PcapngReader.OPB, buf(20 + pad(data.length)).putShort((short) iface).putShort((short) 0)
            .putInt((int) (timestamp >>> 32)).putInt((int) timestamp).putInt(data.length).putInt(data.length)
            .put(data).put(new byte[pad(data.length) - data.length]));
    }

    /** Any block with the given body (padded to 4 bytes). */
    PcapngBuilder block(int type, byte[] body) {
        return block(type, buf(pad(body.length)).put(body).put(new byte[pad(body.length) - body.length]));
    }

    /** Raw bytes, for damage. */
    PcapngBuilder raw(byte[] bytes) {
        out.writeBytes(bytes);
        return this;
    }

    byte[] bytes() {
        return out.toByteArray();
    }

    MemorySegment segment() {
        return MemorySegment.ofArray(bytes());
    }

    Path write(Path file) throws java.io.IOException {
        Files.write(file, bytes());
        return file;
    }

    private PcapngBuilder block(int type, ByteBuffer body) {
        body.flip();
        int length = 12 + body.remaining();
        ByteBuffer b = ByteBuffer.allocate(length).order(order).putInt(type).putInt(length).put(body).putInt(length);
        out.writeBytes(b.array());
        return this;
    }

    private ByteBuffer buf(int capacity) {
        return ByteBuffer.allocate(capacity).order(order);
    }

    static int pad(int n) {
        return (n + 3) & ~3;
    }
}
