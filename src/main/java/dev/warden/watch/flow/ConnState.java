package dev.warden.watch.flow;

/**
 * The state a connection ended in, in Zeek's terms (conn.log {@code conn_state}). Flow exports that only carry TCP
 * flags get the nearest state from {@link #fromTcpFlags}; UDP and other transports use S0 (no reply seen), SF (replies)
 * or UNKNOWN.
 */
public enum ConnState {
    /** Connection attempt seen, no reply. */
    S0,
    /** Established, not terminated. */
    S1,
    /** Normal establishment and termination. */
    SF,
    /** Attempt rejected. */
    REJ,
    /** Established, originator closed, no reply to the close. */
    S2,
    /** Established, responder closed, no reply to the close. */
    S3,
    /** Established, originator aborted (RST). */
    RSTO,
    /** Established, responder aborted. */
    RSTR,
    /** Originator sent a SYN then a RST; no SYN-ACK seen. */
    RSTOS0,
    /** Responder sent a SYN-ACK then a RST; no SYN from the originator seen. */
    RSTRH,
    /** Originator sent a SYN then a FIN; no SYN-ACK. */
    SH,
    /** Responder sent a SYN-ACK then a FIN; no SYN. */
    SHR,
    /** No SYN seen: midstream traffic. */
    OTH,
    /** The source did not say. */
    UNKNOWN;

    public static ConnState parse(String s) {
        if (s == null || s.isEmpty() || s.equals("-")) return UNKNOWN;
        try {
            return valueOf(s);
        } catch (IllegalArgumentException e) {
            return UNKNOWN;
        }
    }

    /** The three-way handshake completed. */
    public boolean established() {
        return switch (this) {
            case S1, SF, S2, S3, RSTO, RSTR -> true;
            default -> false;
        };
    }

    /** An attempt that never became a connection: no answer, refused, or given up. */
    public boolean attemptFailed() {
        return switch (this) {
            case S0, REJ, RSTOS0, RSTRH, SH, SHR -> true;
            default -> false;
        };
    }

    /**
     * The nearest state for a unidirectional TCP flow that only carries the OR of its flags (NetFlow, IPFIX
     * tcpControlBits): SYN without ACK is an attempt, SYN with ACK established, no SYN at all midstream.
     */
    public static ConnState fromTcpFlags(int flags, long replyPackets) {
        boolean syn = (flags & TcpFlags.SYN) != 0, ack = (flags & TcpFlags.ACK) != 0, rst = (flags & TcpFlags.RST) != 0;
        if (flags == 0) return UNKNOWN;
        if (syn && !ack) return rst ? RSTOS0 : replyPackets > 0 ? S1 : S0;
        if (syn) return rst ? RSTO : SF;
        return OTH;
    }
}
