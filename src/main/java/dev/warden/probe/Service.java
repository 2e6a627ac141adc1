package dev.warden.probe;

import java.util.Map;
import java.util.TreeMap;

/**
 * An open port and what it said about itself. {@code protocol} is what Warden recognised from the exchange (telnet, ssh,
 * http, ftp, rtsp, mqtt, ssdp, mdns, coap), or "unknown"; {@code facts} are the named details a fingerprint or check can
 * use (http.server, http.title, http.realm, ssh.version, ...).
 */
public record Service(String host, int port, Transport transport, String protocol, boolean tls, String banner,
                      Map<String, String> facts) {
    public enum Transport { TCP, UDP }

    public Service {
        facts = java.util.Collections.unmodifiableMap(new TreeMap<>(facts));
        banner = banner == null ? "" : banner;
    }

    public String fact(String key) {
        return facts.get(key);
    }

    public String endpoint() {
        return host + ":" + port + "/" + transport.name().toLowerCase();
    }

    public Service withFacts(Map<String, String> more) {
        var merged = new TreeMap<>(facts);
        merged.putAll(more);
        return new Service(host, port, transport, protocol, tls, banner, merged);
    }
}
