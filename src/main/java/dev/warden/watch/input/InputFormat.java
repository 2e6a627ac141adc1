package dev.warden.watch.input;

/** The inputs {@code warden watch} reads, recognised from their first bytes rather than their names. */
public enum InputFormat {
    /** Zeek conn.log, tab-separated with its {@code #separator} / {@code #fields} header. */
    ZEEK_TSV("Zeek conn.log (TSV)"),
    /** Zeek conn.log written as JSON, one object per line. */
    ZEEK_JSON("Zeek conn.log (JSON)"),
    /** Comma-separated with a header of Zeek field names, as the IoT-23 labelled files (plus label, detailed-label). */
    ZEEK_CSV("Zeek conn.log (CSV)"),
    /** NetFlow v5/v9 or IPFIX datagrams, each preceded by its length as a 4-byte big-endian number. */
    FLOW_DATAGRAMS("NetFlow/IPFIX datagrams"),
    /** IPFIX messages back to back, the RFC 5655 file format. */
    IPFIX_FILE("IPFIX file"),
    /** pcap or pcapng: packets, read by the capture module. */
    PACKET_CAPTURE("packet capture");

    private final String description;

    InputFormat(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }

    /**
     * Recognises a format from the first bytes of an input (after gzip is undone), or returns null when none fits.
     * Text formats are told apart by their first line; binary ones by their magic numbers or first header.
     */
    public static InputFormat sniff(byte[] head, int length) {
        if (length >= 4) {
            int m = ((head[0] & 0xFF) << 24) | ((head[1] & 0xFF) << 16) | ((head[2] & 0xFF) << 8) | (head[3] & 0xFF);
            if (m == 0xA1B2C3D4 || m == 0xD4C3B2A1 || m == 0xA1B23C4D || m == 0x4D3CB2A1 || m == 0x0A0D0D0A) return PACKET_CAPTURE;
        }
        if (length >= 6) {
            long len = ((head[0] & 0xFFL) << 24) | ((head[1] & 0xFF) << 16) | ((head[2] & 0xFF) << 8) | (head[3] & 0xFF);
            int version = ((head[4] & 0xFF) << 8) | (head[5] & 0xFF);
            if (len >= 16 && len <= 65535 && (version == 5 || version == 9 || version == 10)) return FLOW_DATAGRAMS;
        }
        if (length >= 4 && head[0] == 0 && head[1] == 10) {
            int len = ((head[2] & 0xFF) << 8) | (head[3] & 0xFF);
            if (len >= 16) return IPFIX_FILE;
        }
        int i = 0;
        if (length >= 3 && (head[0] & 0xFF) == 0xEF && (head[1] & 0xFF) == 0xBB && (head[2] & 0xFF) == 0xBF) i = 3;
        while (i < length && (head[i] == ' ' || head[i] == '\r' || head[i] == '\n' || head[i] == '\t')) i++;
        if (i >= length) return null;
        String first = firstLine(head, i, length);
        if (first.startsWith("#separator") || first.startsWith("#fields")) return ZEEK_TSV;
        if (first.startsWith("{")) return ZEEK_JSON;
        if (first.contains("id.orig_h") && first.contains(",")) return ZEEK_CSV;
        return null;
    }

    private static String firstLine(byte[] b, int from, int length) {
        int end = from;
        while (end < length && b[end] != '\n') end++;
        return new String(b, from, end - from, java.nio.charset.StandardCharsets.UTF_8).strip();
    }
}
