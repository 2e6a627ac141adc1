package dev.warden.protocol.mqtt;

import dev.warden.net.Conn;
import dev.warden.probe.ProbeContext;
import dev.warden.probe.Service;
import dev.warden.probe.ServiceProbe;

import javax.net.ssl.SSLSocket;
import java.io.IOException;
import java.util.HashMap;
import java.util.Optional;

/**
 * Recognises an MQTT broker by connecting without credentials (MQTT 3.1.1 CONNECT, clean session, a random client id
 * so no real client's session is taken over) and reading the CONNACK. Return code 0 means anyone may connect; 4 or 5
 * means a login is required. On 0 the probe disconnects at once: it never subscribes or publishes.
 */
public final class MqttProbe implements ServiceProbe {
    static final int TLS_PORT = 8883;

    @Override
    public String protocol() {
        return "mqtt";
    }

    @Override
    public boolean usualPort(int port) {
        return port == 1883 || port == TLS_PORT;
    }

    @Override
    public boolean serverSpeaksFirst() {
        return false;
    }

    @Override
    public Optional<Service> probe(String host, int port, byte[] greeting, ProbeContext ctx) throws IOException {
        if (greeting.length > 0) return Optional.empty(); // a broker waits for the client's CONNECT
        boolean tls = port == TLS_PORT;
        try (Conn conn = MqttPackets.open(ctx, host, port, tls)) {
            MqttPackets.Connack ack = MqttPackets.exchange(conn, MqttPackets.connect("warden-" + ctx.token(4), null, null), ctx);
            if (ack.state() != MqttPackets.State.CONNACK) return Optional.empty();
            int code = ack.code();
            var facts = new HashMap<String, String>();
            if (code != 1) facts.put("mqtt.version", "3.1.1");
            facts.put("mqtt.connack", Integer.toString(code));
            if (code == 0) {
                facts.put("mqtt.anonymous", "true");
                facts.put("mqtt.auth", "none");
                conn.write(MqttPackets.DISCONNECT);
            } else if (code == 4 || code == 5) {
                facts.put("mqtt.anonymous", "false");
                facts.put("mqtt.auth", "required");
            }
            if (conn.socket() instanceof SSLSocket s) facts.put("tls.protocol", s.getSession().getProtocol());
            String banner = "MQTT CONNACK " + code + " (" + MqttPackets.meaning(code) + ")";
            return Optional.of(new Service(host, port, Service.Transport.TCP, "mqtt", tls, banner, facts));
        }
    }
}
