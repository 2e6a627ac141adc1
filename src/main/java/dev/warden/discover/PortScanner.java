package dev.warden.discover;

import dev.warden.net.Dialer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;

/**
 * TCP connect probes of one host's ports, a few at a time (the per-host limit keeps small devices from falling over).
 * A completed handshake means open; the connection is closed at once without sending anything.
 */
public final class PortScanner {
    private final Dialer dialer;
    private final int perHost;

    public PortScanner(Dialer dialer, int perHost) {
        this.dialer = dialer;
        this.perHost = perHost;
    }

    public List<Integer> openPorts(InetAddress host, List<Integer> ports) throws InterruptedException {
        dialer.guard().require(host);
        var gate = new Semaphore(perHost);
        var open = new boolean[ports.size()];
        var threads = new ArrayList<Thread>();
        for (int i = 0; i < ports.size(); i++) {
            int index = i;
            gate.acquire();
            threads.add(Thread.ofVirtual().start(() -> {
                try (Socket s = dialer.connect(host, ports.get(index))) {
                    open[index] = true;
                } catch (IOException closed) {
                    // refused, reset or no answer: the port is not open to us
                } finally {
                    gate.release();
                }
            }));
        }
        for (Thread t : threads) t.join();
        var out = new ArrayList<Integer>();
        for (int i = 0; i < ports.size(); i++) if (open[i]) out.add(ports.get(i));
        return out;
    }

}
