package dev.warden.watch.alert;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.watch.incident.Incident;
import dev.warden.watch.incident.IncidentListener;
import dev.warden.watch.report.IncidentReport;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * POSTs each incident event as JSON (the JSON Lines incident object plus {@code "event": "opened" | "updated" |
 * "closed"}) to a URL. Sending runs on its own thread behind a bounded queue, so a slow or dead receiver never slows
 * detection: when the queue is full the event is dropped and counted. A receiver that answers other than 2xx is
 * counted as a failure; there are no retries (the next update carries the whole incident again). {@link #close} waits
 * up to the send timeout for the queue to drain.
 */
public final class WebhookSink implements IncidentListener {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] STOP = new byte[0];

    /** Refuses a target that is not an http(s) URL with a host, naming the option. */
    public static void checkTarget(URI url) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || url.getHost() == null) {
            throw new IllegalArgumentException("--webhook '" + url + "': expected an http:// or https:// URL");
        }
        if (url.getPort() > 65535) throw new IllegalArgumentException("--webhook '" + url + "': port out of range");
    }

    private final URI url;
    private final Duration timeout;
    private final HttpClient client;
    private final BlockingQueue<byte[]> queue;
    private final Thread sender;
    private final AtomicLong sent = new AtomicLong(), failed = new AtomicLong(), dropped = new AtomicLong(), offered = new AtomicLong();
    private volatile String lastFailure;

    public WebhookSink(URI url, Duration timeout, int queueSize) {
        checkTarget(url);
        this.url = url;
        this.timeout = timeout;
        this.client = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
        this.queue = new ArrayBlockingQueue<>(Math.max(1, queueSize));
        this.sender = Thread.ofPlatform().daemon().name("warden-webhook").start(this::drain);
    }

    @Override
    public void opened(Incident i) {
        offer(i, "opened");
    }

    @Override
    public void updated(Incident i) {
        offer(i, "updated");
    }

    @Override
    public void closed(Incident i) {
        offer(i, "closed");
    }

    private void offer(Incident i, String event) {
        var m = new LinkedHashMap<String, Object>();
        m.put("event", event);
        m.putAll(IncidentReport.toMap(i));
        byte[] body;
        try {
            body = JSON.writeValueAsBytes(m);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        offered.incrementAndGet();
        if (!queue.offer(body)) dropped.incrementAndGet();
    }

    private void drain() {
        while (true) {
            byte[] body;
            try {
                body = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            if (body == STOP) return;
            var request = HttpRequest.newBuilder(url).timeout(timeout).header("Content-Type", "application/json")
                    .header("User-Agent", "Warden watch").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
            try {
                int status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status / 100 == 2) {
                    sent.incrementAndGet();
                } else {
                    failed.incrementAndGet();
                    lastFailure = "the receiver answered HTTP " + status;
                }
            } catch (java.net.http.HttpTimeoutException e) {
                failed.incrementAndGet();
                lastFailure = "no answer within " + timeout.toMillis() + " ms (watch.alert.webhook-timeout)";
            } catch (IOException e) {
                failed.incrementAndGet();
                lastFailure = e instanceof java.net.ConnectException ? "connection refused or unreachable"
                        : e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    public long sent() {
        return sent.get();
    }

    public long failed() {
        return failed.get();
    }

    public long dropped() {
        return dropped.get();
    }

    /** Events still queued or in flight when the run ended and the sender was stopped (a receiver too slow to keep up). */
    public long abandoned() {
        return Math.max(0, offered.get() - sent.get() - failed.get() - dropped.get());
    }

    /** Why the last send failed, or null. */
    public String lastFailure() {
        return lastFailure;
    }

    public URI url() {
        return url;
    }

    @Override
    public void close() {
        try {
            if (!queue.offer(STOP, timeout.toMillis(), TimeUnit.MILLISECONDS)) sender.interrupt();
            sender.join(timeout.toMillis() * 3); // bounded: a dead receiver must not hold the exit
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        sender.interrupt();
        client.close();
    }
}
