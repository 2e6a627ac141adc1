package dev.warden.watch.input;

import dev.warden.watch.flow.FlowListener;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Opens an input file, undoes gzip, recognises the format from its content ({@link InputFormat#sniff}) and hands it to
 * the right reader. Names do not matter: a conn.log called {@code capture.dat} is read as a conn.log.
 */
public final class InputFiles {
    /** Reads the flow datagram formats; the netflow package plugs in here to keep this package free of it. */
    public interface DatagramReader {
        ReadStats read(InputStream in, String name, InputFormat format, FlowListener flows) throws IOException;
    }

    private final ConnLogReader connLog;
    private final DatagramReader datagrams;

    public InputFiles(int maxLineBytes, DatagramReader datagrams) {
        this.connLog = new ConnLogReader(maxLineBytes);
        this.datagrams = datagrams;
    }

    /** The format of a file, or an exception naming it when it is none Warden reads. */
    public static InputFormat formatOf(Path file) throws IOException {
        try (InputStream in = open(file)) {
            byte[] head = in.readNBytes(4096);
            InputFormat f = InputFormat.sniff(head, head.length);
            if (f == null) throw new MalformedInputException(file + ": not a format warden watch reads (pcap or pcapng capture; Zeek conn.log as TSV, JSON or CSV; NetFlow/IPFIX datagrams; IPFIX file)");
            return f;
        }
    }

    private static InputStream open(Path file) throws IOException {
        InputStream in;
        try {
            in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(file + ": no such file");
        }
        in.mark(2);
        int a = in.read(), b = in.read();
        in.reset();
        if (a == 0x1F && b == 0x8B) in = new BufferedInputStream(new GZIPInputStream(in, 1 << 16), 1 << 16);
        return in;
    }

    public ReadStats read(Path file, FlowListener flows, LabelListener labels) throws IOException {
        InputFormat format = formatOf(file);
        try (InputStream in = open(file)) {
            return switch (format) {
                case ZEEK_TSV, ZEEK_JSON, ZEEK_CSV -> connLog.read(in, file.toString(), format, flows, labels);
                case FLOW_DATAGRAMS, IPFIX_FILE -> {
                    if (datagrams == null) throw new MalformedInputException(file + ": " + format.description() + " needs the NetFlow reader");
                    yield datagrams.read(in, file.toString(), format, flows);
                }
                case PACKET_CAPTURE -> {
                    if (!(flows instanceof dev.warden.watch.packet.PacketListener packets)) {
                        throw new MalformedInputException(file + ": a packet capture, but this reader takes only flow records");
                    }
                    yield PacketFiles.read(file, packets);
                }
            };
        }
    }
}
