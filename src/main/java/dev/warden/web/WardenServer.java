package dev.warden.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.cve.CveFeed;
import dev.warden.report.Foreseeability;
import dev.warden.store.Store;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpResponseException;
import io.javalin.http.staticfiles.Location;
import io.javalin.json.JavalinJackson;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.ssl.SslContextFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code warden serve}: the REST API under /api and the dashboard beside it, over one store. Assembled here in one
 * place: security headers, then per route the body limit, the bearer token, the role, the rate limit, the handler;
 * every refusal is {"error": "..."} with its status. Routes are declared once in {@link #routes()}, which the OpenAPI
 * test holds against the document.
 */
public final class WardenServer implements AutoCloseable {
    /** Listening and limits. {@code tls} is null for no TLS listener; a rate of 0 turns rate limiting off. */
    public record Options(String host, int port, Tls tls, String tlsHost, int tlsPort, long maxBodyBytes, double ratePerSecond, int burst) {
        public static Options loopback(int port) {
            return new Options("127.0.0.1", port, null, null, 0, 64 * 1024, 20, 100);
        }

        public Options withTls(Tls tls, String host, int port) {
            return new Options(this.host, this.port, tls, host, port, maxBodyBytes, ratePerSecond, burst);
        }

        public Options withRate(double perSecond, int burst) {
            return new Options(host, port, tls, tlsHost, tlsPort, maxBodyBytes, perSecond, burst);
        }

        public Options withMaxBody(long bytes) {
            return new Options(host, port, tls, tlsHost, tlsPort, bytes, ratePerSecond, burst);
        }
    }

    /** One API operation: its method, path (OpenAPI template syntax), the role it needs (null: public) and handler. */
    public record Route(String method, String path, Role role, Operation operation) {}

    @FunctionalInterface
    interface Operation {
        void handle(Context ctx, ApiTokens.Principal who) throws Exception;
    }

    static final ObjectMapper JSON = new ObjectMapper();
    private final Store store;
    private final Options options;
    private final ApiTokens tokens;
    private final RateLimiter limiter;
    private final Jobs<Integer> jobs;
    private final Jobs<WatchLauncher.Result> watches;
    private final Api api;
    private final List<Route> routes;
    private final byte[] openapi;
    private Javalin app;

    public WardenServer(Store store, IncidentBoard incidents, AuditLauncher launcher, Clock clock, Options options) {
        this(store, incidents, launcher, WatchLauncher.none(), clock, options);
    }

    public WardenServer(Store store, IncidentBoard incidents, AuditLauncher launcher, WatchLauncher watcher, Clock clock, Options options) {
        this.store = store;
        this.options = options;
        this.tokens = new ApiTokens(store, clock);
        this.limiter = new RateLimiter(options.ratePerSecond(), options.burst(), System::nanoTime, 10_000);
        this.jobs = new Jobs<>("audits", "A", clock, 8);
        this.watches = new Jobs<>("watches", "J", clock, 8);
        this.api = new Api(store, incidents, new Api.Launchers(launcher, jobs, watcher, watches), tokens, new Foreseeability(CveFeed.bundled()), clock);
        this.routes = declare();
        try (InputStream in = WardenServer.class.getResourceAsStream("openapi.json")) {
            if (in == null) throw new IllegalStateException("openapi.json is missing from the build");
            this.openapi = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private List<Route> declare() {
        var r = new ArrayList<Route>();
        r.add(new Route("GET", "/api/openapi.json", null, (ctx, who) -> ctx.contentType("application/json").result(openapi)));
        r.add(new Route("GET", "/api/me", Role.VIEWER, api::me));
        r.add(new Route("GET", "/api/devices", Role.VIEWER, (ctx, who) -> api.devices(ctx)));
        r.add(new Route("GET", "/api/devices/{key}", Role.VIEWER, (ctx, who) -> api.device(ctx)));
        r.add(new Route("GET", "/api/devices/{key}/label", Role.VIEWER, (ctx, who) -> api.label(ctx)));
        r.add(new Route("GET", "/api/manufacturers", Role.VIEWER, (ctx, who) -> api.manufacturers(ctx)));
        r.add(new Route("GET", "/api/reports/device/{key}", Role.VIEWER, (ctx, who) -> api.deviceReport(ctx)));
        r.add(new Route("GET", "/api/reports/incident/{id}", Role.VIEWER, (ctx, who) -> api.incidentReport(ctx, false)));
        r.add(new Route("GET", "/api/reports/liability/{id}", Role.VIEWER, (ctx, who) -> api.incidentReport(ctx, true)));
        r.add(new Route("GET", "/api/audits", Role.VIEWER, (ctx, who) -> api.audits(ctx)));
        r.add(new Route("POST", "/api/audits", Role.OPERATOR, api::startAudit));
        r.add(new Route("GET", "/api/audits/{id}", Role.VIEWER, (ctx, who) -> api.audit(ctx)));
        r.add(new Route("GET", "/api/captures", Role.VIEWER, (ctx, who) -> api.captures(ctx)));
        r.add(new Route("GET", "/api/watches", Role.VIEWER, (ctx, who) -> api.watches(ctx)));
        r.add(new Route("POST", "/api/watches", Role.OPERATOR, api::startWatch));
        r.add(new Route("GET", "/api/watches/{id}", Role.VIEWER, (ctx, who) -> api.watch(ctx)));
        r.add(new Route("GET", "/api/incidents", Role.VIEWER, (ctx, who) -> api.incidents(ctx)));
        r.add(new Route("GET", "/api/incidents/{id}", Role.VIEWER, (ctx, who) -> api.incident(ctx)));
        r.add(new Route("POST", "/api/incidents/{id}/ack", Role.OPERATOR, (ctx, who) -> api.actOnIncident(ctx, who, false)));
        r.add(new Route("POST", "/api/incidents/{id}/close", Role.OPERATOR, (ctx, who) -> api.actOnIncident(ctx, who, true)));
        r.add(new Route("GET", "/api/tokens", Role.ADMIN, (ctx, who) -> api.tokens(ctx)));
        r.add(new Route("POST", "/api/tokens", Role.ADMIN, (ctx, who) -> api.createToken(ctx)));
        r.add(new Route("DELETE", "/api/tokens/{id}", Role.ADMIN, api::revokeToken));
        return List.copyOf(r);
    }

    public List<Route> routes() {
        return routes;
    }

    public ApiTokens tokens() {
        return tokens;
    }

    public synchronized WardenServer start() {
        if (app != null) throw new IllegalStateException("already started");
        app = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.useVirtualThreads = true;
            config.http.maxRequestSize = options.maxBodyBytes();
            config.jsonMapper(new JavalinJackson(JSON, false));
            config.staticFiles.add(sf -> {
                sf.hostedPath = "/";
                sf.directory = "/dev/warden/web/static";
                sf.location = Location.CLASSPATH;
                sf.headers = Map.of("Cache-Control", "no-cache");
            });
            // a request Jetty refuses before any handler sees it (a %00 in the path, a bad header) is answered in the API's
            // JSON error form too, not with Jetty's HTML page
            config.jetty.modifyServer(server -> server.setErrorHandler(new org.eclipse.jetty.server.handler.ErrorHandler() {
                @Override
                public java.nio.ByteBuffer badMessageError(int status, String reason, org.eclipse.jetty.http.HttpFields.Mutable fields) {
                    fields.put(org.eclipse.jetty.http.HttpHeader.CONTENT_TYPE, "application/json");
                    String error = "bad request: " + (reason == null || reason.isBlank() ? "HTTP " + status : reason);
                    try {
                        return java.nio.ByteBuffer.wrap(JSON.writeValueAsBytes(Map.of("error", error)));
                    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                        return java.nio.ByteBuffer.wrap("{\"error\":\"bad request\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
                    }
                }
            }));
            if (options.tls() != null) config.jetty.addConnector((server, http) -> {
                var ssl = new SslContextFactory.Server();
                ssl.setKeyStore(options.tls().keyStore());
                ssl.setKeyStorePassword(new String(options.tls().password()));
                ssl.setIncludeProtocols("TLSv1.3", "TLSv1.2");
                var https = new HttpConfiguration(http);
                var src = new SecureRequestCustomizer();
                src.setSniHostCheck(false); // clients that connect by address send no name to check
                https.addCustomizer(src);
                var c = new ServerConnector(server, ssl, new HttpConnectionFactory(https));
                c.setHost(options.tlsHost());
                c.setPort(options.tlsPort());
                return c;
            });
        });
        app.before(ctx -> {
            ctx.header("X-Content-Type-Options", "nosniff");
            ctx.header("Referrer-Policy", "no-referrer");
            ctx.header("X-Frame-Options", "DENY");
            if (!ctx.path().startsWith("/api/")) {
                ctx.header("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
                        + "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'");
            }
        });
        for (Route r : routes) app.addHttpHandler(HandlerType.valueOf(r.method()), r.path(), ctx -> guarded(ctx, r));
        for (HandlerType t : List.of(HandlerType.GET, HandlerType.POST, HandlerType.PUT, HandlerType.PATCH, HandlerType.DELETE)) {
            app.addHttpHandler(t, "/api/<rest>", ctx -> {
                throw new ApiException(404, "no such endpoint: " + ctx.method() + " " + ctx.path() + " (see /api/openapi.json)");
            });
        }
        app.exception(ApiException.class, (e, ctx) -> error(ctx, e.status(), e.getMessage()));
        app.exception(RateLimited.class, (e, ctx) -> {
            ctx.header("Retry-After", Long.toString(e.retryAfter));
            error(ctx, 429, e.getMessage());
        });
        app.exception(HttpResponseException.class, (e, ctx) -> error(ctx, e.getStatus(),
                e.getStatus() == 413 ? "the request body is larger than " + options.maxBodyBytes() + " bytes" : e.getMessage()));
        app.exception(Exception.class, (e, ctx) -> error(ctx, 500, "internal error: " + e));
        try {
            app.start(options.host(), options.port());
        } catch (io.javalin.util.JavalinBindException e) {
            throw new IllegalStateException("cannot listen on " + options.host() + ":" + options.port() + ": "
                    + (e.getMessage() != null && e.getMessage().toLowerCase(java.util.Locale.ROOT).contains("in use")
                    ? "the port is in use (another server, or an earlier warden serve)" : e.getMessage()), e);
        }
        return this;
    }

    private void guarded(Context ctx, Route r) throws Exception {
        long length = ctx.req().getContentLengthLong();
        if (length > options.maxBodyBytes()) {
            throw new ApiException(413, "the request body has " + length + " bytes; at most " + options.maxBodyBytes() + " are accepted");
        }
        ApiTokens.Principal who = null;
        if (r.role() != null) {
            String header = ctx.header("Authorization");
            String token = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).trim() : null;
            who = token == null ? null : tokens.authenticate(token).orElse(null);
            if (who == null) {
                limit("address " + ctx.ip()); // slows guessing; tokens have 256 bits, so this is about load, not odds
                ctx.header("WWW-Authenticate", "Bearer realm=\"warden\"");
                throw new ApiException(401, token == null
                        ? "no API token: send the header 'Authorization: Bearer TOKEN' (make one with: warden token create --role viewer)"
                        : "the API token is not valid (unknown or revoked)");
            }
            limit("token " + who.tokenId());
            if (!who.role().includes(r.role())) {
                throw new ApiException(403, r.method() + " " + r.path() + " needs the " + r.role().id() + " role; token '" + who.name()
                        + "' (" + who.tokenId() + ") is " + who.role().id());
            }
        }
        r.operation().handle(ctx, who);
    }

    private void limit(String caller) {
        long wait = limiter.acquire(caller);
        if (wait > 0) {
            throw new RateLimited(wait, "rate limit: at most " + (long) options.ratePerSecond() + " requests per second per token (bursts of "
                    + options.burst() + "); retry in " + wait + " s");
        }
    }

    /** A 429 that also says when to retry. */
    private static final class RateLimited extends RuntimeException {
        final long retryAfter;

        RateLimited(long retryAfter, String message) {
            super(message);
            this.retryAfter = retryAfter;
        }
    }

    private static void error(Context ctx, int status, String message) {
        ctx.status(status).json(Map.of("error", message == null ? "error " + status : message));
    }

    /** The plain HTTP address, e.g. http://127.0.0.1:8470/ (the actual port when 0 was asked for). */
    public URI url() {
        return URI.create("http://" + hostForUrl(options.host()) + ":" + app.port() + "/");
    }

    /** The TLS address, when a TLS listener was configured. */
    public Optional<URI> tlsUrl() {
        if (options.tls() == null) return Optional.empty();
        for (var c : app.jettyServer().server().getConnectors()) {
            if (c instanceof ServerConnector sc && sc.getDefaultConnectionFactory().getProtocol().startsWith("SSL")) {
                return Optional.of(URI.create("https://" + hostForUrl(options.tlsHost()) + ":" + sc.getLocalPort() + "/"));
            }
        }
        return Optional.empty();
    }

    private static String hostForUrl(String host) {
        return InetAddress.ofLiteral(host) instanceof java.net.Inet6Address ? "[" + host + "]" : host;
    }

    public Store store() {
        return store;
    }

    @Override
    public synchronized void close() {
        jobs.close();
        watches.close();
        if (app != null) app.stop();
        app = null;
    }
}
