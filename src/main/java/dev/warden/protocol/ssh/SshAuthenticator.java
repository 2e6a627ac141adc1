package dev.warden.protocol.ssh;

import dev.warden.login.Attempt;
import dev.warden.login.Authenticator;
import dev.warden.login.Credential;
import dev.warden.login.LoginSession;
import dev.warden.probe.ProbeContext;
import dev.warden.probe.Service;
import org.apache.sshd.client.ClientBuilder;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.auth.keyboard.UserAuthKeyboardInteractive;
import org.apache.sshd.client.auth.keyboard.UserAuthKeyboardInteractiveFactory;
import org.apache.sshd.client.auth.keyboard.UserInteraction;
import org.apache.sshd.client.auth.password.UserAuthPassword;
import org.apache.sshd.client.auth.password.UserAuthPasswordFactory;
import org.apache.sshd.client.config.hosts.HostConfigEntryResolver;
import org.apache.sshd.client.future.AuthFuture;
import org.apache.sshd.client.future.ConnectFuture;
import org.apache.sshd.client.keyverifier.AcceptAllServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.AttributeRepository;
import org.apache.sshd.common.NamedFactory;
import org.apache.sshd.common.cipher.BuiltinCiphers;
import org.apache.sshd.common.cipher.Cipher;
import org.apache.sshd.common.kex.BuiltinDHFactories;
import org.apache.sshd.common.kex.KeyExchangeFactory;
import org.apache.sshd.common.keyprovider.KeyIdentityProvider;
import org.apache.sshd.common.signature.BuiltinSignatures;
import org.apache.sshd.common.signature.Signature;
import org.apache.sshd.core.CoreModuleProperties;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * SSH password logins through Apache MINA SSHD, one connection per attempt (MINA tries every identity it holds in one
 * go, so one password per connection keeps each verdict unambiguous). Only the password and keyboard-interactive
 * methods are enabled: no agent, no keys, no ~/.ssh/config, and the server's host key is accepted unseen, because
 * Warden audits servers and never trusts them. A successful USERAUTH from the server is the proof; no channel is
 * opened and no command runs.
 *
 * <p>MINA opens its own sockets, so this class cannot use {@link dev.warden.net.Dialer#connect}: it asks the scope
 * guard itself before every connect. The dialer's rate limit and connection counter do not see these connections.
 *
 * <p>One {@link SshClient} (and its thread pool) is shared by all attempts and started on first use; {@link #close()}
 * stops it. MINA's threads are daemon threads, but whoever builds this authenticator should still close it.
 */
public final class SshAuthenticator implements Authenticator, AutoCloseable {
    /** Set on a session when MINA starts a password method, which it does only when the server lists that method. */
    private static final AttributeRepository.AttributeKey<Boolean> PASSWORD_OFFERED = new AttributeRepository.AttributeKey<>();
    /** Servers seen offering no password method; later attempts on them are answered without a connection. */
    private final Set<String> noPasswordLogin = ConcurrentHashMap.newKeySet();
    /** Endpoints that have asked for a password at least once: an attempt there that ends without asking is transient. */
    private final Set<String> askedForPassword = ConcurrentHashMap.newKeySet();
    /** Attempts that ended without the server asking for a password, per endpoint; a few in a row make it final. */
    private final java.util.Map<String, Integer> endedWithoutAsking = new ConcurrentHashMap<>();
    /** How many attempts must end without a password question before an endpoint counts as offering no password login. */
    static final int NO_PASSWORD_CONFIRMATIONS = 3;
    private final Object lock = new Object();
    private SshClient client;

    @Override
    public String protocol() {
        return "ssh";
    }

    @Override
    public boolean applies(Service service) {
        // MINA speaks SSH 2 only; "1.99" servers speak both.
        String v = service.fact("ssh.protocol");
        return service.protocol().equals("ssh") && (v == null || v.equals("2.0") || v.equals("1.99"));
    }

    @Override
    public LoginSession open(Service service, ProbeContext ctx) {
        InetAddress address = InetAddress.ofLiteral(service.host());
        // MINA connects by itself, outside the Dialer: the scope guard must be asked here, before anything is sent.
        ctx.dialer().guard().require(address);
        return new Session(new InetSocketAddress(address, service.port()), service.endpoint(), ctx);
    }

    /** Stops the shared client and its threads; a later attempt starts a new one. */
    @Override
    public void close() {
        SshClient c;
        synchronized (lock) {
            c = client;
            client = null;
        }
        if (c != null) c.stop();
    }

    private SshClient client() {
        synchronized (lock) {
            if (client == null) {
                SshClient c = build();
                c.start();
                client = c;
            }
            return client;
        }
    }

    @SuppressWarnings("deprecation") // the legacy algorithms are deprecated in MINA; old devices need them, see below
    private static SshClient build() {
        SshClient c = SshClient.setUpDefaultClient();
        c.setServerKeyVerifier(AcceptAllServerKeyVerifier.INSTANCE);
        c.setHostConfigEntryResolver(HostConfigEntryResolver.EMPTY);
        c.setKeyIdentityProvider(KeyIdentityProvider.EMPTY_KEYS_PROVIDER);
        c.setUserAuthFactories(List.of(new PasswordMethod(), new KeyboardInteractiveMethod()));
        c.setAgentFactory(null);
        // Devices' logs show who knocked: name the auditor, as the HTTP probes do in User-Agent.
        CoreModuleProperties.CLIENT_IDENTIFICATION.set(c, "Warden-audit_0.1");
        // One answer per keyboard-interactive exchange: a second prompt after a wrong password is a failure.
        CoreModuleProperties.PASSWORD_PROMPTS.set(c, 1);
        // Old dropbear and vendor SSH stacks only speak SHA-1 key exchange, 3DES and DSA host keys. These are appended
        // after the modern defaults, so they are used only when the device offers nothing better.
        var kex = new ArrayList<>(c.getKeyExchangeFactories());
        for (BuiltinDHFactories f : List.of(BuiltinDHFactories.dhg14, BuiltinDHFactories.dhgex, BuiltinDHFactories.dhg1)) {
            if (f.isSupported()) kex.add(ClientBuilder.DH2KEX.apply(f));
        }
        c.setKeyExchangeFactories(kex);
        var ciphers = new ArrayList<NamedFactory<Cipher>>(c.getCipherFactories());
        if (BuiltinCiphers.tripledescbc.isSupported()) ciphers.add(BuiltinCiphers.tripledescbc);
        c.setCipherFactories(ciphers);
        var signatures = new ArrayList<NamedFactory<Signature>>(c.getSignatureFactories());
        if (BuiltinSignatures.dsa.isSupported()) signatures.add(BuiltinSignatures.dsa);
        c.setSignatureFactories(signatures);
        return c;
    }

    private final class Session implements LoginSession {
        private final InetSocketAddress address;
        private final String endpoint;
        private final ProbeContext ctx;
        private boolean used;

        Session(InetSocketAddress address, String endpoint, ProbeContext ctx) {
            this.address = address;
            this.endpoint = endpoint;
            this.ctx = ctx;
        }

        @Override
        public Attempt attempt(Credential c) throws IOException {
            used = true;
            long start = System.nanoTime();
            if (noPasswordLogin.contains(endpoint)) {
                return done(Attempt.Outcome.REJECTED, "server offers no password login (seen on an earlier attempt)", start);
            }
            Duration timeout = ctx.probeTimeout();
            ConnectFuture cf = client().connect(c.user(), address);
            if (!cf.await(timeout)) {
                cf.cancel();
                return done(Attempt.Outcome.REFUSED, "no SSH connection within " + timeout.toMillis() + " ms", start);
            }
            if (!cf.isConnected()) return done(Attempt.Outcome.REFUSED, "connection failed: " + reason(cf.getException()), start);
            ClientSession session = cf.getClientSession();
            try {
                // MINA refuses an empty string in addPasswordIdentity; a provider hands it over as the protocol allows.
                session.setPasswordIdentityProvider(org.apache.sshd.client.auth.password.PasswordIdentityProvider.wrapPasswords(c.password()));
                session.setUserInteraction(new PasswordAnswer(c.password()));
                AuthFuture af = session.auth();
                // The wait covers key exchange too: auth() queues until the keys are agreed.
                if (!af.await(timeout)) {
                    af.cancel();
                    return done(Attempt.Outcome.INCONCLUSIVE, "server neither accepted nor refused within " + timeout.toMillis() + " ms", start);
                }
                boolean tried = Boolean.TRUE.equals(session.getAttribute(PASSWORD_OFFERED));
                if (af.isSuccess()) {
                    String how = tried ? "server accepted password authentication for " + c.user()
                            : "server accepted the SSH login for " + c.user() + " without asking for any password";
                    return done(Attempt.Outcome.ACCEPTED, how, start);
                }
                if (session.isOpen() && !session.isClosing()) {
                    if (!tried) {
                        // A busy OpenSSH (MaxStartups, many parallel sessions) can end one authentication early; only a
                        // server that never asked for a password, several times in a row, offers no password login.
                        int seen = askedForPassword.contains(endpoint) ? 0 : endedWithoutAsking.merge(endpoint, 1, Integer::sum);
                        if (seen >= NO_PASSWORD_CONFIRMATIONS) {
                            noPasswordLogin.add(endpoint);
                            return done(Attempt.Outcome.REJECTED, "server offers no password or keyboard-interactive login", start);
                        }
                        return done(Attempt.Outcome.INCONCLUSIVE, "server ended authentication without asking for a password", start);
                    }
                    askedForPassword.add(endpoint);
                    return done(Attempt.Outcome.REJECTED, "server refused the password for " + c.user(), start);
                }
                return done(Attempt.Outcome.REFUSED, "connection closed during login: " + reason(af.getException()), start);
            } finally {
                // A graceful close sends SSH_MSG_DISCONNECT, as a person's client would; bounded, never blocking long.
                session.close(false).await(Duration.ofSeconds(1));
                session.close(true);
            }
        }

        @Override
        public boolean reusable() {
            return !used; // one password per connection, see the class comment
        }

        @Override
        public void close() {}
    }

    /** Answers keyboard-interactive password prompts with the password; any other question is declined. */
    private record PasswordAnswer(String password) implements UserInteraction {
        @Override
        public boolean isInteractionAllowed(ClientSession session) {
            return true;
        }

        @Override
        public String[] interactive(ClientSession session, String name, String instruction, String lang, String[] prompt, boolean[] echo) {
            if (prompt == null || prompt.length == 0) return new String[0]; // an info round: nothing to answer
            if (prompt.length == 1 && (prompt[0].toLowerCase(Locale.ROOT).contains("pass") || !echo[0])) {
                return new String[]{password};
            }
            return null; // not a password question (one-time code, several prompts): give up this method
        }

        @Override
        public String getUpdatedPassword(ClientSession session, String prompt, String lang) {
            return null; // a server that demands a password change: do not change anything on the device
        }

        @Override
        public String resolveAuthPasswordAttempt(ClientSession session) {
            return null; // only the identity added to the session
        }
    }

    private static final class PasswordMethod extends UserAuthPasswordFactory {
        @Override
        public UserAuthPassword createUserAuth(ClientSession session) throws IOException {
            session.setAttribute(PASSWORD_OFFERED, Boolean.TRUE);
            return super.createUserAuth(session);
        }
    }

    private static final class KeyboardInteractiveMethod extends UserAuthKeyboardInteractiveFactory {
        @Override
        public UserAuthKeyboardInteractive createUserAuth(ClientSession session) throws IOException {
            session.setAttribute(PASSWORD_OFFERED, Boolean.TRUE);
            return super.createUserAuth(session);
        }
    }

    private static String reason(Throwable t) {
        if (t == null) return "unknown";
        String m = t.getMessage();
        return t.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }

    private static Attempt done(Attempt.Outcome o, String evidence, long start) {
        return new Attempt(o, evidence, Duration.ofNanos(System.nanoTime() - start));
    }
}
