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

    public boolean vulnerable() {
        return !truth.isEmpty();
    }
}
