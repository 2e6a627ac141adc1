package dev.warden.cli;

import dev.warden.store.Store;
import dev.warden.label.SigningKey;
import dev.warden.web.StoredIncidents;
import dev.warden.web.WatchLauncher;
import dev.warden.web.Role;
import dev.warden.web.Tls;
import dev.warden.web.WardenServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

@Command(name = "serve", usageHelpWidth = 120, mixinStandardHelpOptions = true,
        description = {"Serve the REST API (/api, described by /api/openapi.json) and the dashboard over the store.",
                "On first start it makes an admin API token and prints it once. See docs/serve.md."},
        footer = {"", "Examples:", "  warden serve                                  http://127.0.0.1:8470/",
                "  warden serve --tls-cert cert.pem --tls-key key.pem --tls-listen 127.0.0.1:8471",
                "  warden serve --db jdbc:postgresql://127.0.0.1:5432/warden?user=warden"})
public final class ServeCommand implements Callable<Integer> {
    @Option(names = "--listen", paramLabel = "ADDRESS:PORT", defaultValue = "127.0.0.1:8470",
            description = "Plain HTTP listener (default 127.0.0.1:8470; an IP address, not a name; port 0 picks a free one)")
    String listen;

    @Option(names = "--tls-listen", paramLabel = "ADDRESS:PORT", defaultValue = "127.0.0.1:8471",
            description = "TLS listener, when --tls-cert/--tls-key or --tls-keystore is given (default 127.0.0.1:8471)")
    String tlsListen;

    @Option(names = "--tls-cert", paramLabel = "PEM", description = "Certificate chain (PEM) of the TLS listener")
    Path tlsCert;

    @Option(names = "--tls-key", paramLabel = "PEM", description = "Unencrypted PKCS#8 private key (PEM) of the TLS listener")
    Path tlsKey;

    @Option(names = "--tls-keystore", paramLabel = "P12", description = "PKCS#12 key store of the TLS listener, instead of --tls-cert/--tls-key")
    Path tlsKeystore;

    @Option(names = "--tls-keystore-password", paramLabel = "PASSWORD",
            description = "Password of the key store (default: $WARDEN_TLS_KEYSTORE_PASSWORD, else empty)")
    String tlsKeystorePassword;

    @Option(names = "--token-file", paramLabel = "FILE", description = "Also write the admin token made on first start to FILE (mode 600)")
    Path tokenFile;

    @Option(names = "--rate-limit", paramLabel = "N", defaultValue = "20", description = "Requests per second per token (default 20; 0 turns it off)")
    double rate;

    @Option(names = "--burst", paramLabel = "N", defaultValue = "100", description = "Requests a token may make at once before the rate applies (default 100)")
    int burst;

    @Option(names = "--max-body", paramLabel = "BYTES", defaultValue = "65536", description = "Largest request body accepted (default 65536)")
    long maxBody;

    @Option(names = "--captures", paramLabel = "DIR", description = "Capture files the API and dashboard may watch (default HOME/captures; created when missing)")
    Path captures;

    @Option(names = "--interfaces", paramLabel = "IFACE,...", split = ",",
            description = "Interfaces the API and dashboard may capture on, for a bounded time (default: none; needs root or CAP_NET_RAW)")
    java.util.List<String> interfaces = new java.util.ArrayList<>();

    @Option(names = "--audit-timeout", paramLabel = "DURATION", defaultValue = "5s", description = "Probe timeout of audits started from the API (default 5s)")
    String auditTimeout;

    @Mixin
    HomeOptions home = new HomeOptions();

    @Override
    public Integer call() throws Exception {
        var plain = UsageException.of(() -> Listen.parse("--listen", listen));
        var options = new WardenServer.Options(plain.host(), plain.port(), null, null, 0, maxBody, rate, burst);
        if (tlsKeystore != null || tlsCert != null || tlsKey != null) {
            Tls tls;
            if (tlsKeystore != null) {
                if (tlsCert != null || tlsKey != null) throw new IllegalArgumentException("give either --tls-keystore or --tls-cert with --tls-key, not both");
                String pw = tlsKeystorePassword != null ? tlsKeystorePassword : System.getenv().getOrDefault("WARDEN_TLS_KEYSTORE_PASSWORD", "");
                tls = Tls.pkcs12(tlsKeystore, pw);
            } else {
                if (tlsCert == null || tlsKey == null) throw new IllegalArgumentException("--tls-cert and --tls-key go together");
                tls = Tls.pem(tlsCert, tlsKey);
            }
            var t = UsageException.of(() -> Listen.parse("--tls-listen", tlsListen));
            options = options.withTls(tls, t.host(), t.port());
        }
        Store store = home.openStore();
        var ledger = home.openLedger(SigningKey.loadOrCreate(home.home().resolve("keys")), Clock.systemUTC());
        var server = new WardenServer(store, new StoredIncidents(store, ledger, Clock.systemUTC()), (auditId, targets, scope) -> {
            var opts = new AuditOptions();
            opts.auditId = auditId;
            opts.quiet = true;
            opts.format = "jsonl";
            opts.timeout = auditTimeout;
            var quiet = new PrintStream(OutputStream.nullOutputStream());
            return AuditJob.run(home, opts, targets, scope, Clock.systemUTC(), quiet, quiet).summary().devices().size();
        }, watchLauncher(), Clock.systemUTC(), options);
        var stopped = new CountDownLatch(1);
        try {
            server.start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                server.close();
                ledger.close();
                store.close();
                stopped.countDown();
            }, "warden-serve-stop"));
            System.out.println("Warden is serving " + server.url() + " (dashboard; API under " + server.url() + "api/)");
            server.tlsUrl().ifPresent(u -> System.out.println("TLS listener: " + u));
            if (!server.tokens().hasLiveAdmin()) {
                var created = server.tokens().create(Role.ADMIN, "first admin (warden serve)");
                if (tokenFile != null) writeSecret(tokenFile, created.token()); // before the line that scripts wait for
                System.out.println("Admin API token (shown once; keep it, or make others with 'warden token create'): " + created.token());
            }
            if (!InetAddress.ofLiteral(plain.host()).isLoopbackAddress()) {
                System.err.println("warden: the plain HTTP listener is reachable beyond this machine; tokens cross the network in clear text"
                        + " (prefer --tls-cert/--tls-key and --listen 127.0.0.1:PORT)");
            }
            System.out.flush();
        } catch (RuntimeException e) {
            server.close();
            ledger.close();
            store.close();
            throw e;
        }
        stopped.await();
        return ExitCodes.OK;
    }

    private WatchLauncher watchLauncher() throws IOException {
        return watchLauncher(home.asArguments(), captures != null ? captures : home.home().resolve("captures"), interfaces,
                home.settings().duration("serve.watch.max-capture"));
    }

    /**
     * Watches a capture of {@code directory} (created when missing) into the store as 'warden watch FILE' would, with
     * {@code homeArguments} (--home, --db, --config, --set) naming the same home, database and settings as the server.
     */
    public static WatchLauncher watchLauncher(java.util.List<String> homeArguments, Path directory, java.util.List<String> interfaces,
                                              java.time.Duration maxCapture) throws IOException {
        Path dir = directory.toAbsolutePath();
        Files.createDirectories(dir);
        for (String i : interfaces) {
            if (!i.matches("[A-Za-z0-9_.:@-]{1,32}")) throw new IllegalArgumentException("--interfaces: '" + i + "' is not an interface name");
        }
        var allowed = java.util.List.copyOf(interfaces);
        return new WatchLauncher() {
            @Override
            public Path directory() {
                return dir;
            }

            @Override
            public java.util.List<String> interfaces() {
                return allowed;
            }

            @Override
            public java.time.Duration maxCapture() {
                return maxCapture;
            }

            @Override
            public Result watchFile(Path capture) throws Exception {
                return run(capture.getFileName().toString(), capture.toString());
            }

            @Override
            public Result watchInterface(String iface, java.time.Duration duration) throws Exception {
                if (!allowed.contains(iface)) throw new IllegalArgumentException("interface " + iface + " is not one this server may capture on");
                // nobody reads a job's progress lines (only its last message, on failure): they are not made
                return run(iface, "--set", "watch.capture.stats-interval=0s", "--interface", iface, "--duration", duration.toMillis() + "ms");
            }

            private Result run(String what, String... input) throws Exception {
                var cmd = new WatchCommand();
                var args = new java.util.ArrayList<String>(homeArguments);
                args.addAll(java.util.List.of("--format", "jsonl"));
                args.addAll(java.util.List.of(input));
                new picocli.CommandLine(cmd).parseArgs(args.toArray(String[]::new));
                var messages = new java.io.ByteArrayOutputStream();
                cmd.out = new PrintStream(OutputStream.nullOutputStream());
                cmd.err = new PrintStream(messages, true, java.nio.charset.StandardCharsets.UTF_8);
                int code;
                try {
                    code = cmd.call();
                } catch (RuntimeException | IOException e) {
                    throw new IllegalStateException(what + ": " + e.getMessage(), e);
                }
                String said = messages.toString(java.nio.charset.StandardCharsets.UTF_8).strip();
                if (cmd.runId == null) throw new IllegalStateException("the watch did not start: " + said);
                if (code == ExitCodes.ERROR) throw new IllegalStateException(what + ": " + said.substring(said.lastIndexOf('\n') + 1));
                return new Result(cmd.runId, cmd.incidentCount);
            }
        };
    }

    static void writeSecret(Path file, String secret) throws IOException {
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, secret + "\n");
    }

    record Listen(String host, int port) {
        static Listen parse(String option, String s) {
            int colon = s.lastIndexOf(':');
            if (colon <= 0) throw new IllegalArgumentException(option + " needs ADDRESS:PORT, e.g. 127.0.0.1:8470 (got '" + s + "')");
            String host = s.substring(0, colon);
            if (host.startsWith("[") && host.endsWith("]")) host = host.substring(1, host.length() - 1);
            int port;
            try {
                port = Integer.parseInt(s.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(option + ": '" + s.substring(colon + 1) + "' is not a port number");
            }
            if (port < 0 || port > 65535) throw new IllegalArgumentException(option + ": port " + port + " is outside 0-65535");
            try {
                InetAddress.ofLiteral(host);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(option + ": '" + host + "' is not an IP address (names are not accepted here)");
            }
            return new Listen(host, port);
        }
    }
}
