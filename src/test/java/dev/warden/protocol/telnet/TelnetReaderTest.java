package dev.warden.protocol.telnet;

import dev.warden.net.Conn;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Option negotiation in Mirai's dialect: DO -> WONT except NAWS (80x24), WILL -> DO, IAC IAC is a literal byte. */
class TelnetReaderTest {
    @Test
    void answersOptionsAndKeepsOnlyText() throws Exception {
        try (var server = new ServerSocket()) {
            server.bind(new InetSocketAddress(InetAddress.ofLiteral("127.78.5.1"), 0));
            try (var client = new Socket(server.getInetAddress(), server.getLocalPort()); Socket peer = server.accept()) {
                var conn = new Conn(client, Duration.ofSeconds(5), 4096);
                var reader = new TelnetReader(conn);
                byte[] in = {(byte) 255, (byte) 253, 24, 'h', 'i', (byte) 255, (byte) 253, 31, (byte) 255, (byte) 251, 1,
                        (byte) 255, (byte) 250, 24, 1, (byte) 255, (byte) 240, (byte) 255, (byte) 255, ':'};
                reader.accept(in, in.length);
                assertEquals("hi\u00ff:", reader.all());
                assertEquals(3, reader.negotiations());
                peer.setSoTimeout(2000);
                var got = new ByteArrayOutputStream();
                byte[] buf = new byte[64];
                while (got.size() < 18) got.write(buf, 0, peer.getInputStream().read(buf));
                assertArrayEquals(new byte[]{(byte) 255, (byte) 252, 24,
                        (byte) 255, (byte) 251, 31, (byte) 255, (byte) 250, 31, 0, 80, 0, 24, (byte) 255, (byte) 240,
                        (byte) 255, (byte) 253, 1}, got.toByteArray());
            }
        }
    }
}
