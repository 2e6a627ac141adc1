package dev.warden.emulator;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;

/** Without root, ports below 1024 cannot be bound; the emulator then moves telnet to 2323 and HTTP to 8081. */
public final class LowPorts {
    public static final Map<Integer, Integer> HIGH = Map.of(23, 2323, 80, 8081, 21, 2121, 22, 2222, 554, 8554);

    private LowPorts() {}

    public static boolean bindable(String address) {
        try (var s = new ServerSocket()) {
            s.bind(new InetSocketAddress(InetAddress.ofLiteral(address), 23));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    public static List<Persona> adapt(List<Persona> personas, boolean lowPortsAllowed) {
        return lowPortsAllowed ? personas : personas.stream().map(p -> p.onPorts(HIGH)).toList();
    }
}
