package dev.warden.target;

import java.net.InetAddress;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The one place that decides whether Warden may send anything to an address. By default only loopback, private
 * (RFC 1918, RFC 6598 shared, IPv6 ULA) and link-local addresses are in scope: a home or lab network, never the
 * Internet. An explicit {@code --scope} list replaces the default. Every connection Warden opens asks this guard first.
 */
public final class ScopeGuard {
    static final List<AddressBlock> DEFAULT = List.of(
            AddressBlock.parse("127.0.0.0/8"), AddressBlock.parse("::1/128"),
            AddressBlock.parse("10.0.0.0/8"), AddressBlock.parse("172.16.0.0/12"), AddressBlock.parse("192.168.0.0/16"),
            AddressBlock.parse("100.64.0.0/10"), AddressBlock.parse("fc00::/7"),
            AddressBlock.parse("169.254.0.0/16"), AddressBlock.parse("fe80::/10"));

    private final List<AddressBlock> blocks;
    private final String description;

    private ScopeGuard(List<AddressBlock> blocks, String description) {
        this.blocks = List.copyOf(blocks);
        this.description = description;
    }

    public static ScopeGuard defaults() {
        return new ScopeGuard(DEFAULT, "default scope: loopback, private and link-local addresses");
    }

    /** A guard that permits exactly the given blocks, e.g. from {@code --scope 127.10.0.0/16,192.168.1.0/24}. */
    public static ScopeGuard of(List<AddressBlock> blocks) {
        if (blocks.isEmpty()) throw new TargetException("--scope needs at least one address or CIDR block");
        return new ScopeGuard(blocks, "scope " + blocks.stream().map(AddressBlock::toString).collect(Collectors.joining(",")));
    }

    public static ScopeGuard parse(String list) {
        return of(java.util.Arrays.stream(list.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .map(AddressBlock::parse).toList());
    }

    public boolean permits(InetAddress a) {
        for (AddressBlock b : blocks) if (b.contains(a)) return true;
        return false;
    }

    /** Throws before anything is sent when {@code a} is out of scope. */
    public void require(InetAddress a) {
        if (!permits(a)) throw new OutOfScopeException(a, description);
    }

    public String description() {
        return description;
    }
}
