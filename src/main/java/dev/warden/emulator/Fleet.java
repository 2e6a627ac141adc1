package dev.warden.emulator;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs emulated devices on loopback addresses, one address per device (127.77.0.1, 127.77.0.2, ...), every connection on
 * its own virtual thread. Loopback only: the fleet refuses any other address, so a demo can never face the real network.
 */
public final class Fleet implements AutoCloseable {
    /** One running device. */
    public record Device(InetAddress address, Persona persona) {
        public String ip() {
            return address.getHostAddress();
        }
    }

    private final List<Device> devices = new ArrayList<>();
    private final List<ServerSocket> servers = new ArrayList<>();
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    /** Starts the personas on consecutive addresses from {@code first} (e.g. 127.77.0.1), skipping .0 and .255. */
    public static Fleet start(String first, List<Persona> personas) throws IOException {
        var fleet = new Fleet();
        try {
            InetAddress a = InetAddress.ofLiteral(first);
            for (Persona p : personas) {
                a = usable(a);
                fleet.add(a, p);
                a = next(a);
            }
        } catch (IOException | RuntimeException e) {
            fleet.close();
            throw e;
        }
        return fleet;
    }

    private void add(InetAddress address, Persona persona) throws IOException {
        if (!address.isLoopbackAddress()) throw new IllegalArgumentException("the emulator runs on loopback only, not " + address.getHostAddress());
        for (var e : persona.ports().entrySet()) {
            Handler h = e.getValue().get();
            if (h instanceof SelfListening own) {
                closeables.add(own.listen(new InetSocketAddress(address, e.getKey())));
                continue;
            }
            var server = new ServerSocket();
            server.setReuseAddress(true);
            try {
                server.bind(new InetSocketAddress(address, e.getKey()), 512);
            } catch (IOException ex) {
                server.close();
                throw new IOException("cannot listen on " + address.getHostAddress() + ":" + e.getKey() + " for " + persona.name()
                        + ": " + ex.getMessage() + (e.getKey() < 1024 ? " (ports below 1024 need root)" : ""), ex);
            }
            servers.add(server);
            Handler handler = h;
            Thread.ofVirtual().name("emu-" + address.getHostAddress() + ":" + e.getKey()).start(() -> accept(server, handler));
        }
        devices.add(new Device(address, persona));
    }

    private void accept(ServerSocket server, Handler handler) {
        while (!closed) {
            Socket s;
            try {
                s = server.accept();
            } catch (IOException e) {
                return; // closed
            }
            open.add(s);
            Thread.ofVirtual().start(() -> {
                try (s) {
                    s.setSoTimeout(120_000);
                    handler.serve(s);
                } catch (IOException | RuntimeException ignored) {
                    // the client went away or misbehaved; an emulated device just drops the connection
                } finally {
                    open.remove(s);
                }
            });
        }
    }

    public List<Device> devices() {
        return Collections.unmodifiableList(devices);
    }

    static InetAddress usable(InetAddress a) {
        byte[] b = a.getAddress();
        while (b[3] == 0 || b[3] == (byte) 255) {
            a = next(a);
            b = a.getAddress();
        }
        return a;
    }

    static InetAddress next(InetAddress a) {
        byte[] b = a.getAddress();
        for (int i = 3; i >= 1; i--) {
            if (++b[i] != 0) break;
        }
        try {
            return InetAddress.getByAddress(b);
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() {
        closed = true;
        for (AutoCloseable c : closeables) {
            try {
                c.close();
            } catch (Exception ignored) {
                // already stopped
            }
        }
        for (ServerSocket s : servers) {
            try {
                s.close();
            } catch (IOException ignored) {
                // already closed
            }
        }
        for (Socket s : open) {
            try {
                s.close();
            } catch (IOException ignored) {
                // already closed
            }
        }
    }
}
