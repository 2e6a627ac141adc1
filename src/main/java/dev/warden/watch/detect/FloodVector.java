package dev.warden.watch.detect;

import dev.warden.watch.flow.FlowRecord;
import dev.warden.watch.flow.Protocols;

/**
 * The DDoS vectors of the Mirai source (see shared/reference/mirai-behaviour.md) as they look in flow records. Every
 * flow belongs to at most one vector, decided here once, so that two flood detectors never count the same flow.
 */
public enum FloodVector {
    UDP("a", "UDP flood"),
    VSE("a", "VSE flood (Source Engine queries to UDP 27015)"),
    DNS("a", "DNS water torture"),
    SYN("a", "SYN flood"),
    ACK("an", "ACK flood"),
    STOMP("a", "STOMP flood (ACK/PSH data over established connections)"),
    GRE("a", "GRE flood"),
    HTTP("an", "HTTP flood");

    private final String article, title;

    FloodVector(String article, String title) {
        this.article = article;
        this.title = title;
    }

    public String title() {
        return title;
    }

    /** The title with its article, as said aloud: "a UDP flood", "an ACK flood". */
    public String withArticle() {
        return article + " " + title;
    }

    /** The vector a flow would belong to if it were part of a flood, or null. */
    public static FloodVector classify(FlowRecord f) {
        if (f.protocol() == Protocols.GRE) return GRE;
        if (f.isUdp()) {
            if (f.dstPort() == 27015) return VSE;
            if (f.dstPort() == 53) return DNS;
            return UDP;
        }
        if (!f.isTcp()) return null;
        if (f.tcpAttemptOnly()) return SYN;
        if (f.tcpWithoutSyn()) return ACK;
        if (f.state().established() || (f.state() == dev.warden.watch.flow.ConnState.UNKNOWN && f.tcpFlags() != 0)) {
            boolean web = f.dstPort() == 80 || f.dstPort() == 8080 || "http".equals(f.service());
            return web ? HTTP : STOMP;
        }
        return null;
    }
}
