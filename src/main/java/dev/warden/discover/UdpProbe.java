package dev.warden.discover;

import dev.warden.probe.ProbeContext;
import dev.warden.probe.Service;

import java.io.IOException;
import java.util.Optional;

/** Asks one UDP service (SSDP, mDNS, CoAP) to describe itself; empty when it does not answer in time. */
public interface UdpProbe {
    String protocol();

    int port();

    Optional<Service> probe(String host, ProbeContext ctx) throws IOException;
}
