package dev.warden.watch.netflow;

import dev.warden.watch.flow.FlowListener;
import dev.warden.watch.input.InputFiles;
import dev.warden.watch.input.InputFormat;
import dev.warden.watch.input.ReadStats;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Files of flow datagrams, for tests and replays: either each datagram preceded by its length as a 4-byte big-endian
 * number (what {@link #write} produces from captured UDP payloads), or IPFIX messages back to back (the RFC 5655
 * file format, whose headers carry their own length). The exporter of every datagram is the file's name.
 */
public final class DatagramFiles implements InputFiles.DatagramReader {
    private final FlowDecoder.Limits limits;
    private final int maxDatagram;

    public DatagramFiles(FlowDecoder.Limits limits, int maxDatagram) {
        this.limits = limits;
        this.maxDatagram = maxDatagram;
    }

    @Override
    public ReadStats read(InputStream in, String name, InputFormat format, FlowListener flows) throws IOException {
        var decoder = new FlowDecoder(limits);
        var stats = new ReadStats(name, format.description());
        byte[] buf = new byte[Math.max(maxDatagram, 65535)];
        String exporter = "file";
        while (true) {
            byte[] head = in.readNBytes(4);
            if (head.length == 0) break;
            if (head.length < 4) {
                stats.skip("a cut datagram header at the end of the file");
                break;
            }
            int len;
            if (format == InputFormat.IPFIX_FILE) {
                len = ((head[2] & 0xFF) << 8) | (head[3] & 0xFF);
                if (((head[0] & 0xFF) << 8 | (head[1] & 0xFF)) != 10 || len < 16) {
                    stats.skip("not an IPFIX message after " + decoder.stats().datagrams() + " messages; rest of file ignored");
                    break;
                }
                System.arraycopy(head, 0, buf, 0, 4);
                int n = in.readNBytes(buf, 4, len - 4);
                if (n < len - 4) {
                    stats.skip("the last IPFIX message is cut short");
                    break;
                }
            } else {
                long l = ((head[0] & 0xFFL) << 24) | ((head[1] & 0xFF) << 16) | ((head[2] & 0xFF) << 8) | (head[3] & 0xFF);
                if (l > maxDatagram) {
                    stats.skip("datagram length " + l + " exceeds " + maxDatagram + " bytes; rest of file ignored");
                    break;
                }
                len = (int) l;
                int n = in.readNBytes(buf, 0, len);
                if (n < len) {
                    stats.skip("the last datagram is cut short");
                    break;
                }
            }
            decoder.decode(buf, 0, len, exporter, flows);
        }
        decoder.finish();
        decoder.stats().addTo(stats);
        return stats;
    }

    /** Appends one datagram in the length-prefixed form. */
    public static void write(OutputStream out, byte[] datagram, int off, int len) throws IOException {
        var d = new DataOutputStream(out);
        d.writeInt(len);
        d.write(datagram, off, len);
        d.flush();
    }
}
