package dev.warden.audit;

import dev.warden.config.Settings;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/** What an audit covers and how hard it may push, read from the settings and the command line. */
public record AuditPlan(List<Integer> tcpPorts, List<Integer> udpPorts, int hostConcurrency, int perHostConcurrency,
                        Duration hostTimeout, int maxAttemptsPerDevice, boolean bruteForceProbe, boolean cveFeedLoaded) {

    public static AuditPlan from(Settings s, boolean bruteForceProbe, boolean cveFeedLoaded) {
        return new AuditPlan(ports(s.string("audit.ports.tcp"), "audit.ports.tcp"), ports(s.string("audit.ports.udp"), "audit.ports.udp"),
                s.integer("audit.concurrency.hosts"), s.integer("audit.concurrency.per-host"), s.duration("audit.host-timeout"),
                s.integer("audit.login.max-attempts-per-device"), bruteForceProbe, cveFeedLoaded);
    }

    public static List<Integer> ports(String list, String what) {
        if (list.isBlank()) return List.of();
        try {
            var out = Arrays.stream(list.split(",")).map(String::trim).filter(p -> !p.isEmpty()).flatMap(p -> {
                if (p.contains("-")) {
                    int a = Integer.parseInt(p.substring(0, p.indexOf('-'))), b = Integer.parseInt(p.substring(p.indexOf('-') + 1));
                    return java.util.stream.IntStream.rangeClosed(a, b).boxed();
                }
                return java.util.stream.Stream.of(Integer.parseInt(p));
            }).distinct().toList();
            for (int p : out) if (p < 1 || p > 65535) throw new IllegalArgumentException(what + ": port " + p + " is outside 1-65535");
            return out;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + ": '" + list + "' is not a list of ports like 23,80,8000-8100");
        }
    }

    public AuditPlan withTcpPorts(List<Integer> ports) {
        return new AuditPlan(ports, udpPorts, hostConcurrency, perHostConcurrency, hostTimeout, maxAttemptsPerDevice, bruteForceProbe, cveFeedLoaded);
    }

    public AuditPlan withUdpPorts(List<Integer> ports) {
        return new AuditPlan(tcpPorts, ports, hostConcurrency, perHostConcurrency, hostTimeout, maxAttemptsPerDevice, bruteForceProbe, cveFeedLoaded);
    }
}
