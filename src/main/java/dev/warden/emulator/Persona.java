package dev.warden.emulator;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A kind of device the emulator can play: the ports it listens on (each with a fresh handler per device, so counters such
 * as lock-outs are per device) and the truth an audit should find on it.
 */
public record Persona(String name, String description, Map<Integer, Supplier<Handler>> ports, List<Expectation> truth) {

    /** What an audit must report: a check failing on a port, with the working pair for credential checks. */
    public record Expectation(String check, String protocol, int port, String user, String password) {}

    /** The same device on other ports (e.g. 23 -> 2323 where binding ports below 1024 is not allowed). */
    public Persona onPorts(Map<Integer, Integer> moves) {
        var ports = new java.util.LinkedHashMap<Integer, Supplier<Handler>>();
        this.ports.forEach((p, h) -> ports.put(moves.getOrDefault(p, p), h));
        var truth = this.truth.stream().map(e -> new Expectation(e.check(), e.protocol(), moves.getOrDefault(e.port(), e.port()), e.user(), e.password())).toList();
        return new Persona(name, description, ports, truth);
    }

    public boolean vulnerable() {
        return !truth.isEmpty();
    }
}
