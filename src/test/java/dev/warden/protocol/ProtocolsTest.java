package dev.warden.protocol;

import dev.warden.discover.UdpProbe;
import dev.warden.login.Authenticator;
import dev.warden.probe.Service;
import dev.warden.probe.ServiceProbe;
import dev.warden.probe.ServiceProber;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProtocolsTest {
    @Test
    void listsEveryProtocolInOrder() {
        assertEquals(List.of("ssh", "ftp", "telnet", "http", "rtsp", "mqtt"), Protocols.tcpProbes().stream().map(ServiceProbe::protocol).toList());
        assertEquals(List.of("ssdp", "mdns", "coap"), Protocols.udpProbes().stream().map(UdpProbe::protocol).toList());
        assertEquals(List.of(1900, 5353, 5683), Protocols.udpProbes().stream().map(UdpProbe::port).toList());
        List<Authenticator> auths = Protocols.authenticators();
        try {
            assertEquals(List.of("telnet", "ssh", "ftp", "http", "rtsp", "mqtt"), auths.stream().map(Authenticator::protocol).toList());
            var facts = Map.of("http.auth", "basic", "rtsp.auth", "digest", "mqtt.auth", "required");
            for (Authenticator a : auths) {
                var s = new Service("127.30.0.12", 1, Service.Transport.TCP, a.protocol(), false, "", facts);
                assertEquals(a, auths.stream().filter(x -> x.applies(s)).findFirst().orElseThrow(), a.protocol());
            }
        } finally {
            Protocols.close(auths);
        }
    }

    /** A one-greeting server on a fixed port of its own 127.30.0.x address. */
    static final class Greeter implements AutoCloseable {
        final ServerSocket server;

        Greeter(int last, int port, String greeting) throws IOException {
            server = new ServerSocket();
            server.setReuseAddress(true);
            server.bind(new InetSocketAddress(TestNet.addr(last), port));
            Thread.ofVirtual().start(() -> {
                while (!server.isClosed()) {
                    try {
                        Socket s = server.accept();
                        Thread.ofVirtual().start(() -> {
                            try (s) {
                                OutputStream out = s.getOutputStream();
                                InputStream in = s.getInputStream();
                                TestNet.send(out, greeting);
                                TestNet.silence(in);
                            } catch (IOException ignored) {
                                // client gone
                            }
                        });
                    } catch (IOException e) {
                        return;
                    }
                }
            });
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }

    @Test
    @SuppressWarnings("try") // the greeters only need to be open while the prober asks them
    void sshAndFtpGreetingsWinOnTelnetPorts() throws IOException {
        var prober = new ServiceProber(Protocols.tcpProbes(), Duration.ofMillis(500));
        try (var ssh = new Greeter(12, 2323, "SSH-2.0-dropbear_2014.63\r\n");
             var ftp = new Greeter(13, 2323, "220 (vsFTPd 2.3.4)\r\n");
             var telnet = new Greeter(14, 2323, "\r\nDVR login: ")) {
            assertEquals("ssh", prober.identify("127.30.0.12", 2323, TestNet.quickCtx()).protocol());
            Service f = prober.identify("127.30.0.13", 2323, TestNet.quickCtx());
            assertEquals("ftp", f.protocol());
            assertEquals("vsFTPd 2.3.4", f.fact("ftp.software"));
            Service t = prober.identify("127.30.0.14", 2323, TestNet.quickCtx());
            assertEquals("telnet", t.protocol());
            assertEquals("true", t.fact("telnet.login-prompt"));
        }
    }

    @Test
    void clientFirstProtocolsAreFoundOnTheirPorts() throws IOException {
        var prober = new ServiceProber(Protocols.tcpProbes(), Duration.ofMillis(500));
        try (var broker = new ServerSocket()) {
            broker.bind(new InetSocketAddress(TestNet.addr(15), 1883));
            Thread.ofVirtual().start(() -> {
                try (Socket s = broker.accept()) {
                    s.getInputStream().read(new byte[64]);
                    s.getOutputStream().write(new byte[]{0x20, 0x02, 0x00, 0x05});
                    TestNet.silence(s.getInputStream());
                } catch (IOException ignored) {
                    // client gone
                }
            });
            Service s = prober.identify("127.30.0.15", 1883, TestNet.quickCtx());
            assertEquals("mqtt", s.protocol());
            assertEquals("required", s.fact("mqtt.auth"));
            assertTrue(s.banner().contains("not authorized"), s.banner());
        }
    }
}
