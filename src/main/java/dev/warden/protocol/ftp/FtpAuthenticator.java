package dev.warden.protocol.ftp;

import dev.warden.login.Attempt;
import dev.warden.login.Authenticator;
import dev.warden.login.Credential;
import dev.warden.login.LoginSession;
import dev.warden.probe.ProbeContext;
import dev.warden.probe.Service;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;

/**
 * FTP logins with USER and PASS on the control connection. A 230 is proven by {@code PWD} answering 257 (a server that
 * says 230 to everything but serves nothing has not let anyone in); 530 is a refusal. After a refusal the next pair
 * goes on the same connection, as long as the server keeps it open (vsftpd hangs up after max_login_fails).
 */
public final class FtpAuthenticator implements Authenticator {

    @Override
    public String protocol() {
        return "ftp";
    }

    @Override
    public boolean applies(Service service) {
        return service.protocol().equals("ftp");
    }

    @Override
    public LoginSession open(Service service, ProbeContext ctx) throws IOException {
        // One attempt can take a reply wait plus a failure delay; the connection lives for three of them, and is
        // reused only while a whole attempt still fits, so no attempt is cut short by the connection's deadline.
        Duration perAttempt = ctx.probeTimeout().plus(ctx.failureWait());
        var c = new FtpControl(ctx.dialer().open(InetAddress.ofLiteral(service.host()), service.port(),
                perAttempt.multipliedBy(3), ctx.maxBannerBytes()));
        FtpControl.Reply greeting;
        try {
            greeting = c.read(ctx.probeTimeout().dividedBy(2));
        } catch (IOException e) {
            c.conn().close();
            throw e;
        }
        if (greeting == null || !greeting.is(220)) {
            c.conn().close();
            throw new IOException(greeting == null ? "no FTP greeting" : "FTP server answered " + greeting.code() + " " + greeting.quoted());
        }
        return new Session(c, ctx, System.nanoTime() + perAttempt.multipliedBy(2).toNanos());
    }

    private static final class Session implements LoginSession {
        private final FtpControl c;
        private final ProbeContext ctx;
        private final long reuseUntil;
        private boolean clean = true;

        Session(FtpControl c, ProbeContext ctx, long reuseUntil) {
            this.c = c;
            this.ctx = ctx;
            this.reuseUntil = reuseUntil;
        }

        @Override
        public Attempt attempt(Credential cred) throws IOException {
            long start = System.nanoTime();
            clean = false;
            if (hasLineBreak(cred.user()) || hasLineBreak(cred.password())) {
                return done(Attempt.Outcome.INCONCLUSIVE, "a line break in the pair would inject FTP commands; not sent", start);
            }
            FtpControl.Reply user = c.command("USER " + cred.user(), ctx.probeTimeout());
            if (user == null) return silent("USER", start);
            if (user.is(421)) return done(Attempt.Outcome.REFUSED, "USER answered 421 " + user.quoted(), start);
            if (user.is(530)) return rejected("USER " + cred.user() + " answered 530 " + user.quoted(), start);
            if (user.is(230)) return prove(cred, "USER " + cred.user() + " answered 230 without asking for a password", start);
            if (!user.is(331)) return done(Attempt.Outcome.INCONCLUSIVE, "USER answered " + user.code() + " " + user.quoted(), start);
            FtpControl.Reply pass = c.command("PASS " + cred.password(), ctx.failureWait());
            if (pass == null) return silent("PASS", start);
            if (pass.is(230)) return prove(cred, "PASS answered 230 " + pass.quoted(), start);
            if (pass.is(530)) return rejected("PASS answered 530 " + pass.quoted(), start);
            // 421 here means the server is closing; it says nothing about the password, so the pair is tried again.
            if (pass.is(421)) return done(Attempt.Outcome.REFUSED, "PASS answered 421 " + pass.quoted(), start);
            return done(Attempt.Outcome.INCONCLUSIVE, "PASS answered " + pass.code() + " " + pass.quoted(), start);
        }

        private Attempt prove(Credential cred, String what, long start) throws IOException {
            FtpControl.Reply pwd = c.command("PWD", ctx.probeTimeout());
            if (pwd != null && pwd.is(257)) {
                return done(Attempt.Outcome.ACCEPTED, "logged in as " + cred.user() + ": " + what + ", PWD answered 257 " + pwd.quoted(), start);
            }
            return done(Attempt.Outcome.INCONCLUSIVE, what + " but PWD answered "
                    + (pwd == null ? "nothing" : pwd.code() + " " + pwd.quoted()), start);
        }

        private Attempt rejected(String evidence, long start) {
            clean = true;
            return done(Attempt.Outcome.REJECTED, evidence, start);
        }

        private Attempt silent(String command, long start) {
            return done(c.conn().eof() ? Attempt.Outcome.REFUSED : Attempt.Outcome.INCONCLUSIVE,
                    c.conn().eof() ? "connection closed after " + command : "no answer to " + command, start);
        }

        @Override
        public boolean reusable() {
            return clean && c.usable() && System.nanoTime() < reuseUntil;
        }

        @Override
        public void close() {
            c.close();
        }
    }

    private static boolean hasLineBreak(String s) {
        return s.indexOf('\r') >= 0 || s.indexOf('\n') >= 0;
    }

    private static Attempt done(Attempt.Outcome o, String evidence, long start) {
        return new Attempt(o, evidence, Duration.ofNanos(System.nanoTime() - start));
    }
}
