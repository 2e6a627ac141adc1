package dev.warden.emulator;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** An emulated embedded web server: a Server header, a title, and optionally a Basic or Digest login on every page. */
public final class HttpDevice implements Handler {
    public enum Auth { NONE, BASIC, DIGEST }

    private final String server;
    private final String title;
    private final Auth auth;
    private final String realm;
    private final String user;
    private final String password;

    public HttpDevice(String server, String title, Auth auth, String realm, String user, String password) {
        this.server = server;
        this.title = title;
        this.auth = auth;
        this.realm = realm;
        this.user = user;
        this.password = password;
    }

    @Override
    public void serve(Socket socket) throws IOException {
        var in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
        String request = in.readLine();
        if (request == null) return;
        String authorization = null;
        String line;
        int headers = 0;
        while ((line = in.readLine()) != null && !line.isEmpty() && headers++ < 100) {
            if (line.regionMatches(true, 0, "Authorization:", 0, 14)) authorization = line.substring(14).strip();
        }
        String[] parts = request.split(" ");
        String method = parts[0];
        String uri = parts.length > 1 ? parts[1] : "/";
        boolean ok = switch (auth) {
            case NONE -> true;
            case BASIC -> authorization != null && authorization.equals("Basic "
                    + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
            case DIGEST -> authorization != null && digestOk(authorization, method, uri);
        };
        var out = socket.getOutputStream();
        String body = "<html><head><title>" + title + "</title></head><body>" + (ok ? "Welcome" : "Unauthorized") + "</body></html>";
        String head;
        if (ok) {
            head = "HTTP/1.1 200 OK\r\n";
        } else {
            String challenge = auth == Auth.BASIC ? "Basic realm=\"" + realm + "\""
                    : "Digest realm=\"" + realm + "\", qop=\"auth\", nonce=\"" + nonce() + "\", algorithm=MD5";
            head = "HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: " + challenge + "\r\n";
        }
        head += "Server: " + server + "\r\nContent-Type: text/html\r\nContent-Length: " + body.length() + "\r\nConnection: close\r\n\r\n";
        out.write((head + body).getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    private static String nonce() {
        return Long.toHexString(System.nanoTime());
    }

    private boolean digestOk(String header, String method, String uri) {
        if (!header.startsWith("Digest ")) return false;
        String u = param(header, "username"), nonce = param(header, "nonce"), response = param(header, "response");
        String nc = param(header, "nc"), cnonce = param(header, "cnonce"), qop = param(header, "qop");
        if (u == null || nonce == null || response == null || !u.equals(user)) return false;
        String ha1 = md5(user + ":" + realm + ":" + password);
        String ha2 = md5(method + ":" + uri);
        String expected = qop == null ? md5(ha1 + ":" + nonce + ":" + ha2) : md5(ha1 + ":" + nonce + ":" + nc + ":" + cnonce + ":" + qop + ":" + ha2);
        return expected.equals(response);
    }

    private static String param(String h, String name) {
        Matcher m = Pattern.compile("(?:^|[\\s,])" + name + "=(?:\"([^\"]*)\"|([^,\\s]+))").matcher(h);
        return m.find() ? (m.group(1) != null ? m.group(1) : m.group(2)) : null;
    }

    private static String md5(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
