package dev.warden.protocol.http;

import dev.warden.net.Conn;
import dev.warden.net.Tls;
import dev.warden.probe.ProbeContext;

import javax.net.ssl.SSLSocket;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.util.Optional;

/**
 * One request, one response, over a fresh connection; TLS when asked, without checking certificates (see {@link Tls}).
 */
public final class HttpClient {
    private HttpClient() {}

    public record Exchange(HttpResponse response, String tlsProtocol) {}

    public static Optional<Exchange> request(ProbeContext ctx, String host, int port, boolean tls, String method, String path,
                                             String scheme, String extraHeaders) throws IOException {
        return request(ctx, host, port, tls, method, path, scheme, extraHeaders, "");
    }

    public static Optional<Exchange> request(ProbeContext ctx, String host, int port, boolean tls, String method, String path,
                                             String scheme, String extraHeaders, String body) throws IOException {
        Socket raw = ctx.dialer().connect(InetAddress.ofLiteral(host), port);
        String tlsProtocol = null;
        Socket socket = raw;
        if (tls) {
            SSLSocket s;
            try {
                s = Tls.wrap(raw, host, port, ctx.probeTimeout());
            } catch (IOException e) {
                raw.close();
                throw e;
            }
            tlsProtocol = s.getSession().getProtocol();
            socket = s;
        }
        try (Conn conn = new Conn(socket, ctx.probeTimeout(), ctx.maxBannerBytes())) {
            String hostHeader = host.contains(":") ? "[" + host + "]" : host;
            conn.write(method + " " + path + " " + scheme + "\r\nHost: " + hostHeader + "\r\nUser-Agent: Warden-audit/0.1\r\n"
                    + extraHeaders + "Connection: close\r\n\r\n" + body);
            byte[] bytes = conn.readAvailable(ctx.probeTimeout(), java.time.Duration.ofMillis(800));
            String negotiated = tlsProtocol;
            return HttpResponse.parse(bytes).map(r -> new Exchange(r, negotiated));
        }
    }
}
