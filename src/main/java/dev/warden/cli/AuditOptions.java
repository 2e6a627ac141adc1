package dev.warden.cli;

import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Options that shape an audit; shared by {@code audit} and {@code demo}. */
public final class AuditOptions {
    @Option(names = {"-p", "--ports"}, paramLabel = "LIST", description = "TCP ports to probe, e.g. 23,80,8000-8100 (default: the IoT port set, see audit.ports.tcp)")
    String ports;

    @Option(names = "--udp-ports", paramLabel = "LIST", description = "UDP services to ask (default 1900,5353,5683; empty to skip)")
    String udpPorts;

    @Option(names = "--rate", paramLabel = "N", description = "New connections per second, whole audit (default: unlimited)")
    Integer rate;

    @Option(names = "--concurrency", paramLabel = "N", description = "Hosts audited at once (default 1024)")
    Integer concurrency;

    @Option(names = "--timeout", paramLabel = "DURATION", description = "Time allowed for one probe or login attempt (default 10s)")
    String timeout;

    @Option(names = "--host-timeout", paramLabel = "DURATION", description = "Time allowed for one host (default 5min)")
    String hostTimeout;

    @Option(names = "--dictionary", paramLabel = "FILE", description = "Extra credential pairs (TSV: user, password, weight), tried with the bundled ones")
    List<Path> dictionaries = new ArrayList<>();

    @Option(names = "--fingerprints", paramLabel = "FILE", description = "Extra fingerprint rules (JSON, docs/fingerprints.md), tried before the bundled ones")
    Path fingerprints;

    @Option(names = "--cve-feed", paramLabel = "FILE", description = "NVD CVE JSON 2.0 feed file (.json or .json.gz); repeatable")
    List<Path> cveFeeds = new ArrayList<>();

    @Option(names = "--no-bundled-cves", description = "Do not use the small bundled IoT CVE feed")
    boolean noBundledCves;

    @Option(names = "--brute-force-probe", description = "Measure brute-force protection (EN 303 645 5.1-5); may lock real users out for a while")
    boolean bruteForce;

    @Option(names = "--show-passwords", description = "Print working default passwords instead of masking them")
    boolean showPasswords;

    @Option(names = {"-f", "--format"}, paramLabel = "FORMAT", description = "table, jsonl or csv (default table)", defaultValue = "table")
    String format;

    @Option(names = "--labels", paramLabel = "DIR", description = "Also write each device's signed label as DIR/IP.label.json and DIR/IP.label.txt")
    Path labels;

    @Option(names = "--no-store", description = "Do not record the audit in the database")
    boolean noStore;

    @Option(names = {"-q", "--quiet"}, description = "No progress bar")
    boolean quiet;

    /** Not an option: the audit id chosen by whoever started the audit ('warden serve' answers with it before it runs). */
    String auditId;
}
