package dev.warden.watch.eval;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Which detectors should fire for each IoT-23 {@code detailed-label}. A label names what the labellers saw in a
 * connection; a detector counts as matching it when it reports that kind of behaviour. Labels that combine kinds
 * ("C&C-FileDownload") match the detectors of each part.
 */
public final class LabelMap {
    static final Set<String> CNC = Set.of("cnc-beacon", "intel-cnc", "infection-chain", "learned-profile");
    static final Set<String> DDOS = Set.of("ddos-udp", "ddos-vse", "ddos-dns", "ddos-syn", "ddos-ack", "ddos-stomp", "ddos-gre", "ddos-http");
    static final Set<String> SCAN = Set.of("login-scan", "login-guessing", "address-scan", "port-scan", "mirai-syn-probe");
    static final Set<String> DOWNLOAD = Set.of("intel-download", "infection-chain", "learned-profile");
    static final Set<String> ATTACK = Set.of("login-guessing", "login-scan", "address-scan", "port-scan", "mirai-syn-probe");

    private static final Map<String, Set<String>> PARTS = new LinkedHashMap<>();

    static {
        PARTS.put("c&c", CNC);
        PARTS.put("heartbeat", CNC);
        PARTS.put("torii", CNC);
        PARTS.put("mirai", CNC);
        PARTS.put("ddos", DDOS);
        PARTS.put("partofahorizontalportscan", SCAN);
        PARTS.put("filedownload", DOWNLOAD);
        PARTS.put("attack", ATTACK);
        PARTS.put("okiru", SCAN);
    }

    private LabelMap() {}

    /** The detectors that match a detailed label; empty for benign or unknown labels. */
    public static Set<String> detectorsFor(String detailedLabel) {
        if (detailedLabel == null || detailedLabel.equals("-")) return Set.of();
        var out = new java.util.TreeSet<String>();
        for (String part : detailedLabel.toLowerCase(Locale.ROOT).split("-")) {
            Set<String> d = PARTS.get(part);
            if (d != null) out.addAll(d);
        }
        return out;
    }

    /** The lines of the mapping as the report prints it. */
    static List<String> describe() {
        return List.of(
                "C&C, HeartBeat, Torii, Mirai -> " + String.join(" ", new java.util.TreeSet<>(CNC)),
                "DDoS -> " + String.join(" ", new java.util.TreeSet<>(DDOS)),
                "PartOfAHorizontalPortScan, Okiru -> " + String.join(" ", new java.util.TreeSet<>(SCAN)),
                "FileDownload -> " + String.join(" ", new java.util.TreeSet<>(DOWNLOAD)),
                "Attack -> " + String.join(" ", new java.util.TreeSet<>(ATTACK)),
                "combined labels (C&C-FileDownload) match the detectors of each part");
    }
}
