package dev.warden.audit;

import dev.warden.cli.Main;
import dev.warden.net.Dialer;
import dev.warden.net.RateLimiter;
import dev.warden.target.OutOfScopeException;
import dev.warden.target.ScopeGuard;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** An out-of-scope target is refused with a clear message, and a listening server there sees not one connection. */
class ScopeGuardAuditTest {

    @Test
    void outOfScopeTargetIsRefusedAndNeverContacted(@TempDir Path home) throws Exception {
        try (var server = new ServerSocket()) {
            server.bind(new InetSocketAddress(InetAddress.ofLiteral("127.79.9.9"), 0));
            var accepted = new AtomicInteger();
            Thread.ofVirtual().start(() -> {
                while (!server.isClosed()) {
                    try (var s = server.accept()) {
                        accepted.incrementAndGet();
                    } catch (Exception e) {
                        return;
                    }
                }
            });
            var err = new ByteArrayOutputStream();
            PrintStream oldErr = System.err;
            int code;
            try {
                System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
                code = Main.run("audit", "--home", home.toString(), "--scope", "127.79.1.0/24", "--ports", Integer.toString(server.getLocalPort()),
                        "--udp-ports", "", "127.79.9.9");
            } finally {
                System.setErr(oldErr);
            }
            Thread.sleep(200);
            assertEquals(4, code);
            String msg = err.toString(StandardCharsets.UTF_8);
            assertTrue(msg.contains("127.79.9.9 is outside the audit scope"), msg);
            assertEquals(0, accepted.get(), "the out-of-scope server was contacted");
        }
    }

    @Test
    void dialerRefusesBeforeAnyConnectAttempt() {
        var dialer = new Dialer(ScopeGuard.parse("127.79.1.0/24"), RateLimiter.unlimited(), java.time.Duration.ofSeconds(1));
        assertThrows(OutOfScopeException.class, () -> dialer.connect(InetAddress.ofLiteral("127.79.2.1"), 23));
        assertThrows(OutOfScopeException.class, () -> dialer.request(InetAddress.ofLiteral("127.79.2.1"), 1900, new byte[1], java.time.Duration.ofMillis(10)));
        assertEquals(0, dialer.connectsAttempted());
        assertEquals(0, dialer.datagramsSent());
    }

    @Test
    void defaultScopeIsLoopbackPrivateAndLinkLocalOnly() {
        var g = ScopeGuard.defaults();
        for (String in : new String[]{"127.0.0.1", "10.1.2.3", "172.16.0.1", "172.31.255.254", "192.168.1.1", "169.254.1.1", "fd00::1", "fe80::1", "::1"}) {
            assertTrue(g.permits(InetAddress.ofLiteral(in)), in);
        }
        for (String out : new String[]{"8.8.8.8", "172.32.0.1", "192.169.0.1", "1.1.1.1", "2001:db8::1", "11.0.0.1"}) {
            assertTrue(!g.permits(InetAddress.ofLiteral(out)), out);
        }
    }
}
