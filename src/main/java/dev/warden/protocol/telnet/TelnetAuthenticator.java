package dev.warden.protocol.telnet;

import dev.warden.login.Attempt;
import dev.warden.login.Authenticator;
import dev.warden.login.Credential;
import dev.warden.login.LoginSession;
import dev.warden.net.Conn;
import dev.warden.probe.ProbeContext;
import dev.warden.probe.Service;

import java.io.IOException;
import java.time.Duration;

/**
 * Telnet logins the way Mirai does them (see docs/checks/default-credentials.md): wait for a user-name prompt, send the
 * name, wait for the password prompt, send the password, then prove the login by making the shell echo a random token.
 * When the device asks again after a failure, the next pair is tried on the same connection, as a person would.
 */
public final class TelnetAuthenticator implements Authenticator {

    @Override
    public String protocol() {
        return "telnet";
    }

    @Override
    public boolean applies(Service service) {
        return service.protocol().equals("telnet") && !"true".equals(service.fact("telnet.shell-without-login"));
    }

    @Override
    public LoginSession open(Service service, ProbeContext ctx) throws IOException {
        Conn conn = ctx.open(service.host(), service.port());
        var reader = new TelnetReader(conn);
        try {
            conn.readUntil(reader, r -> Prompts.classify(reader.all()) != Prompts.Kind.NONE, ctx.probeTimeout().dividedBy(2));
        } catch (IOException e) {
            conn.close();
            throw e;
        }
        return new Session(conn, reader, ctx);
    }

    private static final class Session implements LoginSession {
        private final Conn conn;
        private final TelnetReader reader;
        private final ProbeContext ctx;
        private Prompts.Kind state;
        private boolean loggedIn;

        Session(Conn conn, TelnetReader reader, ProbeContext ctx) {
            this.conn = conn;
            this.reader = reader;
            this.ctx = ctx;
            this.state = Prompts.classify(reader.all());
        }

        @Override
        public Attempt attempt(Credential c) throws IOException {
            long start = System.nanoTime();
            conn.renew(ctx.probeTimeout()); // a third try on one connection must not run out of the first one's budget
            if (state != Prompts.Kind.USER && state != Prompts.Kind.PASSWORD) {
                state = Prompts.Kind.NONE;
                return done(Attempt.Outcome.INCONCLUSIVE, conn.eof() ? "connection closed before a login prompt"
                        : "no login prompt: " + quote(Prompts.lastLine(reader.all())), start);
            }
            if (state == Prompts.Kind.USER) {
                reader.mark();
                conn.write(c.user() + "\r\n");
                conn.readUntil(reader, r -> Prompts.classify(reader.sinceMark()) != Prompts.Kind.NONE, ctx.failureWait());
                Prompts.Kind next = Prompts.classify(reader.sinceMark());
                if (next != Prompts.Kind.PASSWORD) {
                    // Some devices log in on the user name alone; prove it before believing it.
                    if (next == Prompts.Kind.OTHER && !Prompts.failed(reader.sinceMark())) return proveOrReject(c, start);
                    state = next;
                    return done(conn.eof() ? Attempt.Outcome.REFUSED : Attempt.Outcome.INCONCLUSIVE,
                            "no password prompt after the user name: " + quote(Prompts.lastLine(reader.sinceMark())), start);
                }
            }
            reader.mark();
            conn.write(c.password() + "\r\n");
            conn.readUntil(reader, r -> {
                String reply = reader.sinceMark();
                return Prompts.failed(reply) && Prompts.classify(reply) != Prompts.Kind.NONE
                        || Prompts.classify(reply) != Prompts.Kind.NONE && !Prompts.failed(reply);
            }, ctx.failureWait());
            String reply = reader.sinceMark();
            Prompts.Kind kind = Prompts.classify(reply);
            if (Prompts.failed(reply) || kind == Prompts.Kind.USER || kind == Prompts.Kind.PASSWORD) {
                state = conn.eof() ? Prompts.Kind.NONE : kind;
                return done(Attempt.Outcome.REJECTED, "device answered " + quote(firstLine(reply)), start);
            }
            if (kind == Prompts.Kind.NONE) {
                state = Prompts.Kind.NONE;
                return done(Attempt.Outcome.INCONCLUSIVE, conn.eof() ? "connection closed after the password"
                        : "no prompt within " + ctx.failureWait().toMillis() + " ms after the password", start);
            }
            return proveOrReject(c, start);
        }

        private Attempt proveOrReject(Credential c, long start) throws IOException {
            String proof = ShellProof.prove(conn, reader, ctx, Duration.ofMillis(Math.min(3000, ctx.failureWait().toMillis())));
            state = Prompts.Kind.NONE;
            if (proof != null) {
                loggedIn = true;
                return done(Attempt.Outcome.ACCEPTED, "logged in as " + c.user() + "; " + proof, start);
            }
            return done(Attempt.Outcome.INCONCLUSIVE, "a prompt followed the password but no command ran: "
                    + quote(Prompts.lastLine(reader.all())), start);
        }

        private static Attempt done(Attempt.Outcome o, String evidence, long start) {
            return new Attempt(o, evidence, Duration.ofNanos(System.nanoTime() - start));
        }

        @Override
        public boolean reusable() {
            return !conn.eof() && !conn.expired() && (state == Prompts.Kind.USER || state == Prompts.Kind.PASSWORD);
        }

        @Override
        public void close() {
            try {
                if (loggedIn && !conn.eof()) conn.write("exit\r\nexit\r\n");
            } catch (IOException ignored) {
                // the device hung up first; nothing left to log out of
            }
            conn.close();
        }
    }

    static String quote(String s) {
        String t = s.strip().replaceAll("[\\p{Cntrl}&&[^\t]]", ".");
        return "\"" + (t.length() > 80 ? t.substring(0, 80) + "..." : t) + "\"";
    }

    private static String firstLine(String s) {
        for (String line : s.split("[\r\n]+")) if (!line.isBlank()) return line;
        return "";
    }
}
