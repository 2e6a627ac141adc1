package dev.warden.login;

import dev.warden.probe.ProbeContext;
import dev.warden.probe.Service;

import java.io.IOException;

/** Tries credentials against one kind of service. One class per protocol. */
public interface Authenticator {
    /** The protocol name this authenticator handles, as in {@link Service#protocol()}. */
    String protocol();

    /** Whether this service asks for a login this authenticator knows how to answer. */
    boolean applies(Service service);

    LoginSession open(Service service, ProbeContext context) throws IOException;
}
