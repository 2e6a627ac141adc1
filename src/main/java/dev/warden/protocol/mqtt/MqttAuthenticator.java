package dev.warden.protocol.mqtt;

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
 * MQTT logins on brokers that refused the anonymous CONNECT: the same CONNECT with a user name and password. CONNACK 0
 * is the broker's own word that the pair was accepted; the probe then disconnects at once, with no subscription and
 * nothing published. CONNACK 4 or 5 is a refusal. MQTT allows one CONNECT per connection, so each pair gets its own.
 */
public final class MqttAuthenticator implements Authenticator {

    @Override
    public String protocol() {
        return "mqtt";
    }

    @Override
    public boolean applies(Service service) {
        return service.protocol().equals("mqtt") && "required".equals(service.fact("mqtt.auth"));
    }

    @Override
    public LoginSession open(Service service, ProbeContext ctx) {
        return new LoginSession() {
            @Override
            public Attempt attempt(Credential c) throws IOException {
                return MqttAuthenticator.attempt(service, ctx, c);
            }

            @Override
            public boolean reusable() {
                return true; // each attempt opens its own connection
            }

            @Override
            public void close() {}
        };
    }

    private static Attempt attempt(Service service, ProbeContext ctx, Credential c) throws IOException {
        long start = System.nanoTime();
        try (Conn conn = MqttPackets.open(ctx, service.host(), service.port(), service.tls())) {
            MqttPackets.Connack ack = MqttPackets.exchange(conn, MqttPackets.connect("warden-" + ctx.token(4), c.user(), c.password()), ctx);
            if (ack.state() == MqttPackets.State.INCOMPLETE) {
                return done(conn.eof() ? Attempt.Outcome.REFUSED : Attempt.Outcome.INCONCLUSIVE,
                        conn.eof() ? "connection closed before a CONNACK" : "no CONNACK in time", start);
            }
            if (ack.state() == MqttPackets.State.INVALID) return done(Attempt.Outcome.INCONCLUSIVE, "answer is not a valid CONNACK", start);
            int code = ack.code();
            String said = "CONNACK " + code + " (" + MqttPackets.meaning(code) + ")";
            if (code == 0) {
                conn.write(MqttPackets.DISCONNECT);
                String before = service.fact("mqtt.connack");
                return done(Attempt.Outcome.ACCEPTED, "broker answered " + said + " to a CONNECT with user name " + c.user()
                        + " and its password" + (before == null ? "" : "; without credentials it answered CONNACK " + before), start);
            }
            if (code == 4 || code == 5) return done(Attempt.Outcome.REJECTED, "broker answered " + said, start);
            // 3 = server unavailable: a busy broker, worth another try later; 1 and 2 say nothing about the pair.
            return done(code == 3 ? Attempt.Outcome.REFUSED : Attempt.Outcome.INCONCLUSIVE, "broker answered " + said, start);
        }
    }

    private static Attempt done(Attempt.Outcome o, String evidence, long start) {
        return new Attempt(o, evidence, Duration.ofNanos(System.nanoTime() - start));
    }
}
