package dev.warden.emulator;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** An emulated router web interface with an HTML login form (POST /login.cgi), as many consumer routers have. */
public final class FormLoginDevice implements Handler {
    private final String user;
    private final String password;

    public FormLoginDevice(String user, String password) {
        this.user = user;
        this.password = password;
    }

    @Override
    public void serve(Socket socket) throws IOException {
        var in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
        String request = in.readLine();
        if (request == null) return;
        int length = 0;
        String line;
        int headers = 0;
        while ((line = in.readLine()) != null && !line.isEmpty() && headers++ < 100) {
            if (line.regionMatches(true, 0, "Content-Length:", 0, 15)) length = Math.min(4096, Integer.parseInt(line.substring(15).strip()));
        }
        char[] body = new char[length];
        int read = 0;
        while (read < length) {
            int n = in.read(body, read, length - read);
            if (n < 0) break;
            read += n;
        }
        String form = new String(body, 0, read);
        String head;
        String page;
        if (request.startsWith("POST /login.cgi")) {
            if (form.equals("username=" + user + "&password=" + password)) {
                head = "HTTP/1.1 302 Found\r\nLocation: /index.asp\r\nSet-Cookie: SESSION=1\r\n";
                page = "";
            } else {
                head = "HTTP/1.1 200 OK\r\n";
                page = "<html><head><title>Router Login</title></head><body>Login failed, try again</body></html>";
            }
        } else {
            head = "HTTP/1.1 200 OK\r\n";
            page = "<html><head><title>Router Login</title></head><body><form method=post action=/login.cgi>"
                    + "<input name=username><input type=password name=password></form></body></html>";
        }
        var out = socket.getOutputStream();
        out.write((head + "Server: GoAhead-Webs\r\nContent-Type: text/html\r\nContent-Length: " + page.length()
                + "\r\nConnection: close\r\n\r\n" + page).getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }
}
