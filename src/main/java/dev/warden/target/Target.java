package dev.warden.target;

import java.net.InetAddress;

/** One host to audit: its address and, when the user named it, the name it was given by. */
public record Target(InetAddress address, String name) {
    public String ip() {
        return address.getHostAddress();
    }

    public String display() {
        return name == null ? ip() : name + " (" + ip() + ")";
    }
}
