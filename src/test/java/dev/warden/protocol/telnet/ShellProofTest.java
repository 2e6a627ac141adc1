package dev.warden.protocol.telnet;

import dev.warden.net.Conn;
import dev.warden.protocol.TestNet;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ShellProofTest {
    static final Duration WAIT = Duration.ofSeconds(3);

    /** A line-based device: greets with a prompt, answers every line with {@code answer}. */
    static TestNet.Tcp device(int last, java.util.function.Function<String, String[]> answer) throws IOException {
        return new TestNet.Tcp(last, (s, in, out) -> {
            out.write("$ ".getBytes(StandardCharsets.ISO_8859_1));
            String line;
            while ((line = TestNet.readLine(in)) != null) {
                for (String part : answer.apply(line)) {
                    if (part.startsWith("sleep:")) {
                        try {
                            Thread.sleep(Long.parseLong(part.substring(6)));
                        } catch (InterruptedException e) {
                            return;
                        }
                    } else {
                        out.write(part.getBytes(StandardCharsets.ISO_8859_1));
                        out.flush();
                    }
                }
            }
        });
    }

    /** What a shell prints for "echo A''B": the quotes evaluated away. */
    static String evaluated(String line) {
        return line.startsWith("echo ") ? line.substring(5).replace("''", "") + "\r\n" : "";
    }

    record Outcome(String proof, long millis) {}

    static Outcome prove(TestNet.Tcp dev) throws IOException {
        var ctx = TestNet.ctx();
        try (Conn conn = ctx.open(dev.host(), dev.port())) {
            var reader = new TelnetReader(conn);
            conn.readUntil(reader, r -> Prompts.classify(reader.all()) != Prompts.Kind.NONE, WAIT);
            long t0 = System.nanoTime();
            String proof = ShellProof.prove(conn, reader, ctx, WAIT);
            return new Outcome(proof, (System.nanoTime() - t0) / 1_000_000);
        }
    }

    @Test
    void aDecoyThatEchoesInputIsSettledByItsNextPromptNotByTheWholeWait() throws IOException {
        try (var dev = device(61, line -> new String[]{line + "\r\n>>> unknown input #\r\n$ "})) {
            Outcome o = prove(dev);
            assertNull(o.proof());
            // two echoes (plain, then after Mirai's escalation words), each would have waited 3 s before
            assertTrue(o.millis() < 2_000, "decoy held the proof for " + o.millis() + " ms");
        }
    }

    @Test
    void aShellIsProven() throws IOException {
        try (var dev = device(62, line -> new String[]{line + "\r\n", "sleep:200", evaluated(line) + "~ # "})) {
            assertNotNull(prove(dev).proof());
        }
    }

    @Test
    void aShellWhoseTokenComesAfterAStalePromptIsStillProven() throws IOException {
        // the command line and a prompt left over from the login come back first, the output a little later
        try (var dev = device(63, line -> new String[]{line + "\r\n$ ", "sleep:150", evaluated(line) + "$ "})) {
            assertNotNull(prove(dev).proof(), "the grace after the prompt covers a late token");
        }
    }

    @Test
    void answeredNeedsTheCommandLineThenAPromptOnALaterLine() {
        assertTrue(ShellProof.answered("echo ab''cd\r\n>>> unknown input #\r\n$ ", "echo ab''cd"));
        assertTrue(ShellProof.answered("~ # echo ab''cd\r\nsh: bad\r\n~ # \u001b[6n", "echo ab''cd"));
        assertFalse(ShellProof.answered("~ # echo ab''cd", "echo ab''cd"), "the prompt the command was typed at does not count");
        assertFalse(ShellProof.answered("echo ab''cd\r\n", "echo ab''cd"), "no prompt yet");
        assertFalse(ShellProof.answered("$ ", "echo ab''cd"), "the command never came back");
    }
}
