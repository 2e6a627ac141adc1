package dev.warden.watch.flow;

/** TCP header flag bits, as in the header, NetFlow tcp_flags and IPFIX tcpControlBits. */
public final class TcpFlags {
    public static final int FIN = 0x01;
    public static final int SYN = 0x02;
    public static final int RST = 0x04;
    public static final int PSH = 0x08;
    public static final int ACK = 0x10;
    public static final int URG = 0x20;

    private TcpFlags() {}

    /** The flags a Zeek history string implies for the originator (upper case letters), for sources without flags. */
    public static int fromHistory(String history) {
        if (history == null) return 0;
        int f = 0;
        for (int i = 0; i < history.length(); i++) {
            switch (history.charAt(i)) {
                case 'S' -> f |= SYN;
                case 'A' -> f |= ACK;
                case 'D' -> f |= ACK | PSH;
                case 'F' -> f |= FIN;
                case 'R' -> f |= RST;
                default -> { }
            }
        }
        return f;
    }
}
