package dev.warden.emulator;

import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.server.SshServer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;

/**
 * An emulated router's SSH daemon (Apache MINA SSHD server) with one password login. Host keys are made once per run:
 * the fleet is a test bed, not a place where keys need to persist.
 */
public final class SshDevice implements SelfListening {
    private static final KeyPair HOST_KEY = hostKey();
    private final String version;
    private final String user;
    private final String password;

    public SshDevice(String version, String user, String password) {
        this.version = version;
        this.user = user;
        this.password = password;
    }

    private static KeyPair hostKey() {
        try {
            var g = KeyPairGenerator.getInstance("EC");
            g.initialize(256);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot make an SSH host key", e);
        }
    }

    @Override
    public AutoCloseable listen(InetSocketAddress address) throws IOException {
        SshServer server = SshServer.setUpDefaultServer();
        server.setHost(address.getAddress().getHostAddress());
        server.setPort(address.getPort());
        server.setKeyPairProvider(KeyPairProvider.wrap(HOST_KEY));
        org.apache.sshd.core.CoreModuleProperties.SERVER_IDENTIFICATION.set(server, version);
        server.setPasswordAuthenticator((u, p, session) -> u.equals(user) && p.equals(password));
        server.start();
        return () -> server.stop(true);
    }
}
