package dev.warden.watch.intel;

import dev.warden.watch.flow.IpAddress;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Threat-intelligence indicators read from a directory of plain lists, one indicator a line (the format of the
 * "As Real as It Gets" IoT observation data): {@code cncserverlist} holds C&C endpoints as {@code ip-or-name:port}
 * (several ports may follow, comma-separated; no port means any), {@code downloadserverlist} and {@code loaderlist}
 * hold addresses. Blank lines and {@code #} comments are ignored; a line that is none of these is counted as skipped.
 */
public final class Indicators {
    public static final String CNC_FILE = "cncserverlist", DOWNLOAD_FILE = "downloadserverlist", LOADER_FILE = "loaderlist";
    private static final Set<Integer> ANY_PORT = Set.of();

    private final Map<IpAddress, Set<Integer>> cncByIp = new HashMap<>();
    private final Map<String, Set<Integer>> cncByName = new HashMap<>();
    private final Set<IpAddress> downloadServers = new HashSet<>();
    private final Set<IpAddress> loaders = new HashSet<>();
    /**
     * A bit per hash of every listed address (C&C, download server, loader): most flows touch no listed address, and
     * one bit test answers them without hashing an address object into three sets (2% of the packet pipeline).
     */
    private static final int FILTER_LOG2 = 14; // 16,384 bits (2 KB): a few percent false "maybe" at a thousand entries
    private final long[] listed = new long[(1 << FILTER_LOG2) / 64];
    private final List<String> problems = new ArrayList<>();
    private final List<String> sources = new ArrayList<>();

    public static Indicators none() {
        return new Indicators();
    }

    /**
     * Reads the lists found in {@code dir}; at least one must be there.
     *
     * @throws IllegalArgumentException naming the directory when it has none of the lists or cannot be read
     */
    public static Indicators load(Path dir) {
        var in = new Indicators();
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("intel directory " + dir + (Files.exists(dir) ? " is a file, not a directory" : " does not exist"));
        }
        boolean any = false;
        for (String name : List.of(CNC_FILE, DOWNLOAD_FILE, LOADER_FILE)) {
            Path f = dir.resolve(name);
            if (!Files.isRegularFile(f)) continue;
            any = true;
            List<String> lines;
            try {
                lines = Files.readAllLines(f, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read intel file " + f + ": " + e.getMessage());
            }
            in.sources.add(f.toString());
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i).strip();
                if (line.isEmpty() || line.startsWith("#")) continue;
                String problem = switch (name) {
                    case CNC_FILE -> in.addCnc(line);
                    case DOWNLOAD_FILE -> in.addAddress(line, in.downloadServers);
                    default -> in.addAddress(line, in.loaders);
                };
                if (problem != null) in.problems.add(f.getFileName() + " line " + (i + 1) + ": " + problem);
            }
        }
        if (!any) {
            throw new IllegalArgumentException("intel directory " + dir + " holds none of " + CNC_FILE + ", " + DOWNLOAD_FILE + ", " + LOADER_FILE);
        }
        return in;
    }

    private String addCnc(String line) {
        String host = line;
        Set<Integer> ports = ANY_PORT;
        int colon = line.lastIndexOf(':');
        if (colon > 0 && line.indexOf(':') == colon) { // one colon: host:port[, port...]; IPv6 endpoints are not listed
            host = line.substring(0, colon).strip();
            ports = new HashSet<>();
            for (String p : line.substring(colon + 1).split(",")) {
                try {
                    int port = Integer.parseInt(p.strip());
                    if (port < 0 || port > 65535) return "port " + port + " out of range";
                    ports.add(port);
                } catch (NumberFormatException e) {
                    return "'" + p.strip() + "' is not a port";
                }
            }
        }
        IpAddress ip = IpAddress.tryParse(host);
        if (ip != null) {
            String notPublic = notPublic(ip);
            if (notPublic != null) return notPublic;
            merge(cncByIp, ip, ports);
            list(ip);
        } else if (host.matches("[A-Za-z0-9._-]+") && host.contains(".")) {
            merge(cncByName, host.toLowerCase(Locale.ROOT), ports);
        } else {
            return "'" + line + "' is neither ip:port nor name:port";
        }
        return null;
    }

    private static <K> void merge(Map<K, Set<Integer>> map, K key, Set<Integer> ports) {
        Set<Integer> old = map.get(key);
        if (old == null) map.put(key, ports);
        else if (!old.isEmpty()) {
            if (ports.isEmpty()) map.put(key, ANY_PORT);
            else {
                var both = new HashSet<>(old);
                both.addAll(ports);
                map.put(key, both);
            }
        }
    }

    private String addAddress(String line, Set<IpAddress> into) {
        IpAddress ip = IpAddress.tryParse(line);
        if (ip == null) return "'" + line + "' is not an address";
        String notPublic = notPublic(ip);
        if (notPublic != null) return notPublic;
        into.add(ip);
        list(ip);
        return null;
    }

    /**
     * Why a listed address cannot be an indicator: a private, loopback or link-local address names a host on the
     * reporter's own network (the real lists contain 192.168.1.1), so matching it here would accuse the local router.
     */
    static String notPublic(IpAddress ip) {
        if (NON_PUBLIC.contains(ip) || ip.isMulticastOrBroadcast()) {
            return ip + " is not a public address (private, loopback, link-local or multicast); ignored";
        }
        return null;
    }

    private static final dev.warden.watch.device.LocalNetworks NON_PUBLIC = dev.warden.watch.device.LocalNetworks.parse(
            "0.0.0.0/8,10.0.0.0/8,100.64.0.0/10,127.0.0.0/8,169.254.0.0/16,172.16.0.0/12,192.168.0.0/16,::1/128,fc00::/7,fe80::/10");

    private static int filterBit(IpAddress ip) {
        long h = ip.hi() * 0x9E3779B97F4A7C15L ^ ip.lo();
        h *= 0xFF51AFD7ED558CCDL;
        return (int) (h >>> (64 - FILTER_LOG2));
    }

    private void list(IpAddress ip) {
        int b = filterBit(ip);
        listed[b >>> 6] |= 1L << b;
    }

    /** False when the address is surely in no list; true when it may be. */
    private boolean mayBeListed(IpAddress ip) {
        int b = filterBit(ip);
        return (listed[b >>> 6] & 1L << b) != 0;
    }

    /**
     * False when no list can match this flow: neither address may be listed and the C&C names (if any) have no
     * server name to match. One object per set of indicators, shared by the detectors that read them, so that the
     * engine asks once per flow for all of them ({@code Detector#flowGate}).
     */
    public final java.util.function.Predicate<dev.warden.watch.flow.FlowRecord> mayConcern =
            f -> mayBeListed(f.src()) || mayBeListed(f.dst()) || f.serverName() != null && !cncByName.isEmpty();

    /** The C&C entry that matches this endpoint ("185.196.9.244:1293"), or null. */
    public String cncEntry(IpAddress ip, int port, String serverName) {
        Set<Integer> ports = mayBeListed(ip) ? cncByIp.get(ip) : null;
        if (ports != null && (ports.isEmpty() || ports.contains(port))) return ip + (ports.isEmpty() ? "" : ":" + port);
        if (serverName == null) return null;
        String n = listedName(serverName.toLowerCase(Locale.ROOT), port);
        return n == null ? null : n + (cncByName.get(n).isEmpty() ? "" : ":" + port);
    }

    /** Whether any C&C entry is a name (so that DNS look-ups are worth reading). */
    public boolean hasCncNames() {
        return !cncByName.isEmpty();
    }

    /**
     * The C&C name entry that a DNS look-up of {@code queried} (lower case, no trailing dot) asks for, itself or a
     * subdomain of it, with its listed ports ("cnc.wq.gy:55650"), or null. A look-up has no port: any listed port matches.
     */
    public String cncLookup(String queried) {
        String n = listedName(queried, -1);
        if (n == null) return null;
        Set<Integer> ports = cncByName.get(n);
        return ports.isEmpty() ? n : n + ":" + ports.stream().sorted().map(String::valueOf).collect(java.util.stream.Collectors.joining(","));
    }

    /** Whether {@code name} (lower case) is, or is a subdomain of, a listed C&C name, whatever the ports. */
    public boolean isUnderCncName(String name) {
        return listedName(name, -1) != null;
    }

    /**
     * The listed C&C name that {@code name} (lower case) is, or is a subdomain of, and whose ports admit {@code port}
     * (-1: any port); the walk stops at the registered domain. Null when none.
     */
    private String listedName(String name, int port) {
        if (cncByName.isEmpty()) return null;
        String n = name;
        while (true) {
            Set<Integer> ports = cncByName.get(n);
            if (ports != null && (port < 0 || ports.isEmpty() || ports.contains(port))) return n;
            int dot = n.indexOf('.');
            if (dot < 0 || n.indexOf('.', dot + 1) < 0) return null; // stop at the registered domain
            n = n.substring(dot + 1);
        }
    }

    public boolean isDownloadServer(IpAddress ip) {
        return mayBeListed(ip) && downloadServers.contains(ip);
    }

    public boolean isLoader(IpAddress ip) {
        return mayBeListed(ip) && loaders.contains(ip);
    }

    public int size() {
        return cncByIp.size() + cncByName.size() + downloadServers.size() + loaders.size();
    }

    /** Lines that were not indicators, each naming its file and line. */
    public List<String> problems() {
        return List.copyOf(problems);
    }

    public List<String> sources() {
        return List.copyOf(sources);
    }
}
