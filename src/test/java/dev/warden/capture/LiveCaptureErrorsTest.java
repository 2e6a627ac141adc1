package dev.warden.capture;

import dev.warden.watch.WatchCommandTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * What a user sees when live capture cannot start: one line naming the interface or the filter and what is wrong,
 * the documented exit code, never a stack trace. None of these needs privileges, only libpcap (testbed/install).
 */
class LiveCaptureErrorsTest {

    @BeforeAll
    static void libpcap() {
        boolean present = Files.exists(Path.of("/usr/lib/x86_64-linux-gnu/libpcap.so.0.8")) || Files.exists(Path.of("/usr/lib/libpcap.so.0.8"));
        if (!present && "1".equals(System.getenv("WARDEN_REQUIRE_TESTBED"))) {
            throw new IllegalStateException("WARDEN_REQUIRE_TESTBED=1 but libpcap0.8 is not installed: run testbed/install");
        }
        assumeTrue(present, "libpcap0.8 is not installed (testbed/install installs it)");
    }

    @Test
    void anUnknownInterfaceIsNamed() {
        var e = assertThrows(CaptureException.class, () -> LiveCapture.open("wdn-nosuch0", options()));
        assertEquals("wdn-nosuch0: no such network interface (`ip link` lists them)", e.getMessage());
        var r = WatchCommandTest.run("watch", "--home", "target", "--interface", "wdn-nosuch0");
        assertEquals(3, r.code(), r.err());
        assertEquals("warden: wdn-nosuch0: no such network interface (`ip link` lists them)", r.err().strip());
        assertEquals("", r.out());
    }

    @Test
    void aFilterThatDoesNotCompileSaysWhy() {
        var e = assertThrows(CaptureException.class, () -> LiveCapture.checkFilter("tcp portt 23", LinkType.ETHERNET));
        assertTrue(e.getMessage().startsWith("filter: 'tcp portt 23' does not compile: "), e.getMessage());
        assertTrue(e.getMessage().contains("syntax error"), e.getMessage());
        // checked before the interface is opened: a usage error even for an interface that would need privileges
        var r = WatchCommandTest.run("watch", "--home", "target", "--interface", "lo", "--filter", "tcp portt 23");
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().startsWith("--filter 'tcp portt 23' does not compile: "), r.err());
        assertFalse(r.err().contains("\tat "), r.err());
    }

    @Test
    void goodFiltersCompileForTheirLinkType() throws Exception {
        LiveCapture.checkFilter("tcp[tcpflags] & tcp-syn != 0 and not port 22", LinkType.ETHERNET);
        // libpcap takes DLT_ numbers: raw IP is DLT_RAW, 12 on Linux (LINKTYPE_RAW 101 in files)
        LiveCapture.checkFilter("udp and host 127.0.0.1", LinkType.RAW_12);
        var e = assertThrows(CaptureException.class, () -> LiveCapture.checkFilter("ether host 02:00:00:00:00:01", LinkType.RAW_12));
        assertTrue(e.getMessage().contains("does not compile"), e.getMessage());
    }

    @Test
    void liveOptionsNeedAnInterface() {
        var r = WatchCommandTest.run("watch", "--filter", "tcp", "src/test/resources/watch/mixed.conn.log");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--filter and --packets need --interface"), r.err());
        r = WatchCommandTest.run("watch", "--interface", "lo", "--netflow", "0");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("one live source per run"), r.err());
        r = WatchCommandTest.run("watch", "--interface", "lo", "--packets", "0");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--packets must be at least 1"), r.err());
    }

    static LiveCapture.Options options() {
        return new LiveCapture.Options(262_144, false, 1 << 20, 100, false, null, 0);
    }
}
