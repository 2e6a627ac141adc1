package dev.warden.target;

import java.net.InetAddress;

/** Thrown by the scope guard before any packet is sent to an address outside the audit's scope. */
public final class OutOfScopeException extends RuntimeException {
    private final InetAddress address;

    public OutOfScopeException(InetAddress address, String scope) {
        super(address.getHostAddress() + " is outside the audit scope (" + scope + "); "
                + "audit only networks you own, and list other ranges explicitly with --scope");
        this.address = address;
    }

    public InetAddress address() {
        return address;
    }
}
