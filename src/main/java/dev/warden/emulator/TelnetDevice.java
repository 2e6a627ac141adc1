package dev.warden.emulator;

import java.io.IOException;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiPredicate;

/**
 * An emulated telnet login: banner, "login:" and "Password:" prompts, a failure message after a delay, a few tries per
 * connection, an optional lock-out after too many failures, and a BusyBox-like shell after a good login.
 */
public final class TelnetDevice implements Handler {
    static final byte[] NEGOTIATION = {(byte) 255, (byte) 251, 1, (byte) 255, (byte) 251, 3, (byte) 255, (byte) 253, 31};

    private final String banner;
    private final BiPredicate<String, String> accepts;
    private final long failureDelayMillis;
    private final int triesPerConnection;
    private final int lockoutAfter;
    private final AtomicInteger failures = new AtomicInteger();

    public TelnetDevice(String banner, BiPredicate<String, String> accepts, long failureDelayMillis, int triesPerConnection, int lockoutAfter) {
        this.banner = banner;
        this.accepts = accepts;
        this.failureDelayMillis = failureDelayMillis;
        this.triesPerConnection = triesPerConnection;
        this.lockoutAfter = lockoutAfter;
    }

    public static TelnetDevice withLogin(String user, String password, long failureDelayMillis) {
        return new TelnetDevice("", (u, p) -> u.equals(user) && p.equals(password), failureDelayMillis, 3, 0);
    }

    public int failures() {
        return failures.get();
    }

    @Override
    public void serve(Socket socket) throws IOException {
        var out = socket.getOutputStream();
        if (lockoutAfter > 0 && failures.get() >= lockoutAfter) {
            BusyBoxShell.write(out, "Too many failed logins; try again later.\r\n");
            return;
        }
        out.write(NEGOTIATION);
        var in = new LineReader(socket.getInputStream());
        BusyBoxShell.write(out, banner);
        for (int i = 0; i < triesPerConnection; i++) {
            BusyBoxShell.write(out, "\r\nlogin: ");
            String user = in.readLine();
            if (user == null) return;
            BusyBoxShell.write(out, "Password: ");
            String password = in.readLine();
            if (password == null) return;
            if (accepts.test(user.strip(), password)) {
                BusyBoxShell.write(out, "\r\n\r\nBusyBox v1.12.1 (2014-08-19 14:14:02 CST) built-in shell (ash)\r\n");
                BusyBoxShell.run(in, out, "# ");
                return;
            }
            sleep(failureDelayMillis);
            BusyBoxShell.write(out, "\r\nLogin incorrect\r\n");
            if (lockoutAfter > 0 && failures.incrementAndGet() >= lockoutAfter) return;
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
