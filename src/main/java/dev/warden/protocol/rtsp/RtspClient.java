package dev.warden.protocol.rtsp;

import dev.warden.net.Conn;
import dev.warden.protocol.http.HttpResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * RTSP requests on one connection (RFC 2326): each request carries the next CSeq, each response is read up to the end
 * of its head plus Content-Length bytes, through the {@link Conn}, so the deadline and byte cap hold. A server that
 * announces a body longer than the cap gets cut off at the cap.
 */
final class RtspClient implements AutoCloseable {
    private static final Pattern CONTENT_LENGTH = Pattern.compile("(?im)^content-length\\s*:\\s*(\\d{1,9})\\s*$");

    private final Conn conn;
    private final String url;
    private final Conn.PlainSink sink = new Conn.PlainSink();
    private int pos;
    private int cseq;

    RtspClient(Conn conn, String url) {
        this.conn = conn;
        this.url = url;
    }

    /** The URL Warden asks about: the server's root, which cameras answer (often with 401) without knowing a stream. */
    static String url(String host, int port) {
        return "rtsp://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port + "/";
    }

    String url() {
        return url;
    }

    boolean usable() {
        return !conn.eof() && !conn.expired() && !conn.exhausted();
    }

    /** Sends one request and returns the response, or empty when none arrives in time or it is not HTTP-like. */
    Optional<HttpResponse> request(String method, String extraHeaders, Duration wait) throws IOException {
        conn.write(method + " " + url + " RTSP/1.0\r\nCSeq: " + ++cseq + "\r\nUser-Agent: Warden-audit/0.1\r\n" + extraHeaders + "\r\n");
        conn.readUntil(sink, s -> end(sink.text()) >= 0, wait);
        String text = sink.text();
        int end = end(text);
        if (end < 0) end = text.length(); // eof, silence or the byte cap: judge what arrived
        String message = text.substring(pos, end).stripLeading();
        pos = end;
        return HttpResponse.parse(message.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Where the response that starts at {@code pos} ends, or -1 while it is incomplete. */
    private int end(String text) {
        int head = text.indexOf("\r\n\r\n", pos);
        int sep = 4;
        if (head < 0) {
            head = text.indexOf("\n\n", pos);
            sep = 2;
        }
        if (head < 0) return -1;
        Matcher m = CONTENT_LENGTH.matcher(text.substring(pos, head));
        long length = m.find() ? Long.parseLong(m.group(1)) : 0;
        long end = head + sep + length;
        return end <= text.length() ? (int) end : -1;
    }

    @Override
    public void close() {
        conn.close();
    }
}
