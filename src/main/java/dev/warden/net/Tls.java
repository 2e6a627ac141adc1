package dev.warden.net;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import java.io.IOException;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;

/**
 * TLS over a socket the dialer already opened. Certificates are not checked: Warden talks to devices to identify and
 * audit them, never to trust them, and embedded devices mostly carry self-signed certificates. Nothing secret crosses
 * these connections except dictionary passwords that are public anyway.
 */
public final class Tls {
    private static final SSLContext TRUST_ALL = trustAll();

    private Tls() {}

    /** Runs the handshake within {@code timeout}; the returned socket owns (and closes) {@code raw}. */
    public static SSLSocket wrap(Socket raw, String host, int port, Duration timeout) throws IOException {
        raw.setSoTimeout((int) Math.max(1, timeout.toMillis()));
        SSLSocket s = (SSLSocket) TRUST_ALL.getSocketFactory().createSocket(raw, host, port, true);
        try {
            s.startHandshake();
        } catch (IOException e) {
            s.close();
            throw e;
        }
        return s;
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
