package dev.warden.protocol.http;

import dev.warden.net.Conn;
import dev.warden.probe.ProbeContext;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.Optional;

/**
 * One request, one response, over a fresh connection; TLS when asked. Certificates are not checked: Warden talks to
 * devices to identify and audit them, never to trust them, and embedded devices mostly carry self-signed certificates.
 */
public final class HttpClient {
    private static final SSLContext TRUST_ALL = trustAll();

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
            raw.setSoTimeout((int) ctx.probeTimeout().toMillis());
            SSLSocket s = (SSLSocket) TRUST_ALL.getSocketFactory().createSocket(raw, host, port, true);
            try {
                s.startHandshake();
            } catch (IOException e) {
                s.close();
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

    private static SSLContext trustAll() {
        try {
            SSLContext c = SSLContext.getInstance("TLS");
            c.init(null, new TrustManager[]{new X509TrustManager() {
                @Override
                public void checkClientTrusted(X509Certificate[] chain, String authType) {}

                @Override
                public void checkServerTrusted(X509Certificate[] chain, String authType) {}

                @Override
                public X509Certificate[] getAcceptedIssuers() {
                    return new X509Certificate[0];
                }
            }}, null);
            return c;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("TLS is not available in this JVM", e);
        }
    }
}
