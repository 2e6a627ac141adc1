package dev.warden.probe;

import java.io.IOException;
import java.util.Optional;

/**
 * Recognises one protocol on an open port. Protocols where the server speaks first (telnet, SSH, FTP) look at the
 * greeting the prober already read; the others (HTTP, RTSP, MQTT) send their own request on a new connection.
 */
public interface ServiceProbe {
    String protocol();

    /** Ports where this protocol is usually found; the prober asks these probes first. */
    boolean usualPort(int port);

    /** True when the device greets first, so the passive greeting is enough to recognise it. */
    boolean serverSpeaksFirst();

    /**
     * @param greeting what the device sent unprompted on connect (may be empty)
     * @return the service when this protocol is recognised
     */
    Optional<Service> probe(String host, int port, byte[] greeting, ProbeContext ctx) throws IOException;
}
