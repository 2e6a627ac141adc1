package dev.warden.protocol.telnet;

import dev.warden.net.Conn;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Telnet option negotiation in Mirai's dialect, as a byte sink: every DO is refused with WONT except window size
 * (NAWS, answered 80x24), every WILL is accepted with DO, sub-negotiations are skipped, and IAC IAC is a literal 0xFF.
 * What remains is the text a person would see; it is kept so prompts can be recognised.
 */
public final class TelnetReader implements Conn.ByteSink {
    static final int IAC = 255, DONT = 254, DO = 253, WONT = 252, WILL = 251, SB = 250, SE = 240, NAWS = 31;

    private final Conn conn;
    private final ByteArrayOutputStream text = new ByteArrayOutputStream();
    private int state; // 0 data, 1 after IAC, 2 after IAC+verb, 3 in SB, 4 IAC inside SB
    private int verb;
    private int negotiations;
    private int mark;

    public TelnetReader(Conn conn) {
        this.conn = conn;
    }

    @Override
    public void accept(byte[] buf, int n) throws IOException {
        for (int i = 0; i < n; i++) {
            int b = buf[i] & 0xff;
            switch (state) {
                case 0 -> {
                    if (b == IAC) state = 1;
                    else if (b != 0) text.write(b);
                }
                case 1 -> {
                    if (b == IAC) {
                        text.write(b);
                        state = 0;
                    } else if (b == SB) {
                        state = 3;
                    } else if (b >= WILL) {
                        verb = b;
                        state = 2;
                    } else {
                        state = 0; // NOP, GA and friends carry no option
                    }
                }
                case 2 -> {
                    answer(verb, b);
                    state = 0;
                }
                case 3 -> state = b == IAC ? 4 : 3;
                case 4 -> state = b == SE ? 0 : 3;
                default -> throw new IllegalStateException();
            }
        }
    }

    private void answer(int verb, int option) throws IOException {
        negotiations++;
        if (verb == DO && option == NAWS) {
            conn.write(new byte[]{(byte) IAC, (byte) WILL, NAWS,
                    (byte) IAC, (byte) SB, NAWS, 0, 80, 0, 24, (byte) IAC, (byte) SE});
        } else if (verb == DO) {
            conn.write(new byte[]{(byte) IAC, (byte) WONT, (byte) option});
        } else if (verb == WILL) {
            conn.write(new byte[]{(byte) IAC, (byte) DO, (byte) option});
        }
    }

    @Override
    public int size() {
        return text.size();
    }

    public int negotiations() {
        return negotiations;
    }

    /** Everything seen so far, as text. */
    public String all() {
        return text.toString(StandardCharsets.ISO_8859_1);
    }

    /** The text that arrived since the last {@link #mark()}. */
    public String sinceMark() {
        return all().substring(Math.min(mark, text.size()));
    }

    /** Starts a new reply: later calls of {@link #sinceMark()} see only what arrives from now on. */
    public void mark() {
        mark = text.size();
    }
}
