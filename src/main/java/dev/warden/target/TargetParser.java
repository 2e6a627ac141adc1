package dev.warden.target;

import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns what the user typed into hosts: single addresses, ranges (10.0.0.1-10.0.0.50 or 10.0.0.1-50), CIDR blocks,
 * host names, and {@code @file} with one such entry per line ({@code #} starts a comment). The result is de-duplicated
 * and keeps the user's order. Expansion is capped so that a typo such as 10.0.0.0/8 cannot allocate sixteen million
 * targets by accident.
 */
public final class TargetParser {
    private final int maxHosts;
    private final Resolver resolver;

    /** Name resolution is injected so that tests never query DNS. */
    @FunctionalInterface
    public interface Resolver {
        List<InetAddress> resolve(String name) throws UnknownHostException;
    }

    public TargetParser(int maxHosts, Resolver resolver) {
        this.maxHosts = maxHosts;
        this.resolver = resolver;
    }

    public static TargetParser standard() {
        return new TargetParser(1 << 20, name -> List.of(InetAddress.getAllByName(name)));
    }

    public List<Target> parse(List<String> specs) {
        Map<InetAddress, Target> out = new LinkedHashMap<>();
        for (String spec : specs) {
            for (Target t : parseOne(spec.trim())) {
                out.putIfAbsent(t.address(), t);
                if (out.size() > maxHosts) {
                    throw new TargetException("'" + spec + "' expands past " + maxHosts + " hosts; split the audit or raise the limit");
                }
            }
        }
        return new ArrayList<>(out.values());
    }

    private List<Target> parseOne(String spec) {
        if (spec.isEmpty()) return List.of();
        if (spec.startsWith("@")) return fromFile(Path.of(spec.substring(1)));
        if (spec.contains("/")) return expand(AddressBlock.parse(spec));
        int dash = spec.indexOf('-');
        if (dash > 0 && Addresses.literal(spec.substring(0, dash)).isPresent()) return range(spec, dash);
        var literal = Addresses.literal(spec);
        if (literal.isPresent()) return List.of(new Target(literal.get(), null));
        if (!spec.matches("[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*\\.?")) {
            throw new TargetException("'" + spec + "' is not an address, range, CIDR block, host name or @file");
        }
        try {
            return resolver.resolve(spec).stream().map(a -> new Target(a, spec)).toList();
        } catch (UnknownHostException e) {
            throw new TargetException("host name '" + spec + "' does not resolve");
        }
    }

    private List<Target> fromFile(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new TargetException("cannot read target file " + file + ": " + e.getMessage());
        }
        var out = new ArrayList<Target>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).replaceFirst("#.*", "").trim();
            if (line.isEmpty()) continue;
            if (line.startsWith("@")) throw new TargetException(file + ":" + (i + 1) + ": target files cannot include other files");
            try {
                out.addAll(parseOne(line));
            } catch (TargetException e) {
                throw new TargetException(file + ":" + (i + 1) + ": " + e.getMessage());
            }
        }
        return out;
    }

    private List<Target> range(String spec, int dash) {
        InetAddress from = Addresses.literal(spec.substring(0, dash)).orElseThrow();
        String right = spec.substring(dash + 1);
        InetAddress to;
        if (right.matches("\\d{1,3}") && from.getAddress().length == 4) {
            byte[] b = from.getAddress();
            int last = Integer.parseInt(right);
            if (last > 255) throw new TargetException("'" + spec + "': the range end " + last + " is above 255");
            b[3] = (byte) last;
            try {
                to = InetAddress.getByAddress(b);
            } catch (UnknownHostException e) {
                throw new AssertionError(e);
            }
        } else {
            to = Addresses.literal(right).orElseThrow(() -> new TargetException("'" + spec + "': the range end '" + right + "' is not an address"));
        }
        if (to.getAddress().length != from.getAddress().length) throw new TargetException("'" + spec + "': both ends must be IPv4 or both IPv6");
        BigInteger a = Addresses.toNumber(from), b = Addresses.toNumber(to);
        if (a.compareTo(b) > 0) throw new TargetException("'" + spec + "': the range ends before it starts");
        return enumerate(a, b, from.getAddress().length, spec);
    }

    private List<Target> expand(AddressBlock block) {
        BigInteger first = Addresses.toNumber(block.base());
        BigInteger last = first.add(block.size()).subtract(BigInteger.ONE);
        // IPv4 blocks larger than /31 exclude the network and broadcast addresses, as a scanner should.
        if (block.base().getAddress().length == 4 && block.prefix() < 31) {
            first = first.add(BigInteger.ONE);
            last = last.subtract(BigInteger.ONE);
        }
        return enumerate(first, last, block.base().getAddress().length, block.toString());
    }

    private List<Target> enumerate(BigInteger first, BigInteger last, int length, String spec) {
        if (last.subtract(first).compareTo(BigInteger.valueOf(maxHosts)) >= 0) {
            throw new TargetException("'" + spec + "' expands past " + maxHosts + " hosts; split the audit or raise the limit");
        }
        var out = new ArrayList<Target>();
        for (BigInteger n = first; n.compareTo(last) <= 0; n = n.add(BigInteger.ONE)) {
            out.add(new Target(Addresses.fromNumber(n, length), null));
        }
        return out;
    }
}
