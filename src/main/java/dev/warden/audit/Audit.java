package dev.warden.audit;

import dev.warden.assess.Assessment;
import dev.warden.assess.Assessor;
import dev.warden.assess.DeviceEvidence;
import dev.warden.assess.KnownVulnerability;
import dev.warden.discover.PortScanner;
import dev.warden.discover.UdpProbe;
import dev.warden.identify.ArpTable;
import dev.warden.identify.Fingerprints;
import dev.warden.identify.Identity;
import dev.warden.login.Authenticator;
import dev.warden.login.BruteForceProbe;
import dev.warden.login.BruteForceResult;
import dev.warden.login.CredentialTester;
import dev.warden.login.LoginResult;
import dev.warden.probe.ProbeContext;
import dev.warden.probe.Service;
import dev.warden.probe.ServiceProber;
import dev.warden.target.OutOfScopeException;
import dev.warden.target.Target;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * The audit pipeline, assembled in one place: target -> discover -> probe -> log in -> identify -> assess. Each host runs
 * on its own virtual thread; a semaphore caps how many run at once, the dialer caps the connection rate, and every
 * network step has its own deadline, so a hostile device can slow only itself.
 */
public final class Audit {
    private final AuditPlan plan;
    private final ProbeContext ctx;
    private final PortScanner scanner;
    private final ServiceProber prober;
    private final List<UdpProbe> udpProbes;
    private final List<Authenticator> authenticators;
    private final CredentialTester tester;
    private final BruteForceProbe bruteForce;
    private final Fingerprints fingerprints;
    private final Function<String, Optional<String>> macVendors;
    private final Function<String, List<KnownVulnerability>> vulnerabilities;
    private final ArpTable arp;
    private final Assessor assessor;
    private final Clock clock;

    public Audit(AuditPlan plan, ProbeContext ctx, ServiceProber prober, List<UdpProbe> udpProbes, List<Authenticator> authenticators,
                 CredentialTester tester, BruteForceProbe bruteForce, Fingerprints fingerprints,
                 Function<String, Optional<String>> macVendors, Function<String, List<KnownVulnerability>> vulnerabilities,
                 ArpTable arp, Assessor assessor, Clock clock) {
        this.plan = plan;
        this.ctx = ctx;
        this.scanner = new PortScanner(ctx.dialer(), plan.perHostConcurrency());
        this.prober = prober;
        this.udpProbes = List.copyOf(udpProbes);
        this.authenticators = List.copyOf(authenticators);
        this.tester = tester;
        this.bruteForce = bruteForce;
        this.fingerprints = fingerprints;
        this.macVendors = macVendors;
        this.vulnerabilities = vulnerabilities;
        this.arp = arp;
        this.assessor = assessor;
        this.clock = clock;
    }

    public AuditSummary run(String auditId, List<Target> targets, AuditListener listener) throws InterruptedException {
        Instant started = clock.instant();
        long t0 = System.nanoTime();
        listener.auditStarted(auditId, targets.size());
        var devices = Collections.synchronizedList(new ArrayList<Assessment>());
        var failures = Collections.synchronizedList(new ArrayList<String>());
        var gate = new Semaphore(plan.hostConcurrency());
        var threads = new ArrayList<Thread>(targets.size());
        for (Target t : targets) {
            gate.acquire();
            threads.add(Thread.ofVirtual().name("audit-" + t.ip()).start(() -> {
                try {
                    listener.hostStarted(t);
                    auditHost(t, listener).ifPresent(a -> {
                        devices.add(a);
                        listener.hostFinished(t, a);
                    });
                } catch (OutOfScopeException e) {
                    failures.add(e.getMessage());
                    listener.hostFailed(t, e.getMessage());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (RuntimeException e) {
                    String why = t.ip() + ": audit failed: " + e;
                    failures.add(why);
                    listener.hostFailed(t, why);
                } finally {
                    listener.hostCompleted(t);
                    gate.release();
                }
            }));
        }
        for (Thread th : threads) th.join();
        dev.warden.protocol.Protocols.close(authenticators);
        var sorted = new ArrayList<>(devices);
        sorted.sort(Comparator.comparing(a -> new java.math.BigInteger(1, java.net.InetAddress.ofLiteral(a.device().ip()).getAddress())));
        var summary = new AuditSummary(auditId, started, Duration.ofNanos(System.nanoTime() - t0), targets.size(), sorted, List.copyOf(failures));
        listener.auditFinished(summary);
        return summary;
    }

    /** Tests the login of one service on its own virtual thread, when an authenticator applies and time is left. */
    private void startLogin(Target t, Service s, AtomicInteger budget, long deadline, List<LoginResult> logins, List<Thread> loginThreads,
                            java.util.function.Consumer<String> note, AuditListener listener) {
        Optional<Authenticator> auth = authenticators.stream().filter(a -> a.applies(s)).findFirst();
        if (auth.isEmpty()) return;
        if (System.nanoTime() >= deadline) {
            note.accept("host timeout: login on " + s.endpoint() + " not tested");
            return;
        }
        loginThreads.add(Thread.ofVirtual().start(() -> {
            LoginResult r = tester.test(s, auth.get(), ctx, budget);
            logins.add(r);
            listener.loginTested(t, r);
        }));
    }

    private static java.util.function.Consumer<String> notesOf(List<String> notes) {
        return n -> {
            synchronized (notes) {
                notes.add(n);
            }
        };
    }

    /** Empty when the host has no open port: nothing answered, so there is no device to label. */
    Optional<Assessment> auditHost(Target t, AuditListener listener) throws InterruptedException {
        ctx.dialer().guard().require(t.address());
        long deadline = System.nanoTime() + plan.hostTimeout().toNanos();
        var notes = new ArrayList<String>();
        List<Integer> open = scanner.openPorts(t.address(), plan.tcpPorts());
        var services = Collections.synchronizedList(new ArrayList<Service>());
        var logins = Collections.synchronizedList(new ArrayList<LoginResult>());
        var budget = new AtomicInteger(plan.maxAttemptsPerDevice());
        var loginThreads = Collections.synchronizedList(new ArrayList<Thread>());
        var gate = new Semaphore(plan.perHostConcurrency());
        var threads = new ArrayList<Thread>();
        for (int port : open) {
            gate.acquire();
            threads.add(Thread.ofVirtual().start(() -> {
                try {
                    if (System.nanoTime() >= deadline) return;
                    Service s = prober.identify(t.ip(), port, ctx);
                    services.add(s);
                    // A login that no fingerprint can change (only web logins may become forms) starts at once,
                    // instead of waiting for the slowest probe of the host.
                    if (!s.protocol().startsWith("http")) startLogin(t, s, budget, deadline, logins, loginThreads, notesOf(notes), listener);
                } finally {
                    gate.release();
                }
            }));
        }
        for (UdpProbe u : udpProbes) {
            if (!plan.udpPorts().contains(u.port())) continue;
            threads.add(Thread.ofVirtual().start(() -> {
                try {
                    u.probe(t.ip(), ctx).ifPresent(services::add);
                } catch (IOException e) {
                    synchronized (notes) {
                        notes.add(u.protocol() + " probe failed: " + e.getMessage());
                    }
                }
            }));
        }
        for (Thread th : threads) th.join();
        if (services.isEmpty()) return Optional.empty();
        services.sort(Comparator.comparing(Service::transport).thenComparingInt(Service::port));
        services.forEach(s -> listener.serviceFound(t, s));

        // Identification first: a fingerprint may declare a web login form that the form authenticator then fills.
        Identity identity = fingerprints.identify(services);
        if (identity.form() != null) {
            services.replaceAll(s -> s.protocol().startsWith("http") && "none".equals(s.fact("http.auth")) ? identity.form().attachTo(s) : s);
        }
        for (Service s : List.copyOf(services)) {
            if (s.transport() != Service.Transport.TCP || s.protocol().startsWith("http")) startLogin(t, s, budget, deadline, logins, loginThreads, notesOf(notes), listener);
        }
        for (Thread th : List.copyOf(loginThreads)) th.join();
        logins.sort(Comparator.comparingInt(r -> r.service().port()));

        var bf = new ArrayList<BruteForceResult>();
        if (plan.bruteForceProbe()) {
            for (LoginResult r : logins) {
                if (r.status() != LoginResult.Status.NONE_WORKED) continue;
                if (System.nanoTime() >= deadline) {
                    notes.add("host timeout: brute-force probe on " + r.service().endpoint() + " not run");
                    continue;
                }
                Authenticator auth = authenticators.stream().filter(a -> a.applies(r.service())).findFirst().orElseThrow();
                bf.add(bruteForce.probe(r.service(), auth, ctx, r.service().protocol().equals("telnet") ? "root" : "admin"));
            }
        }

        List<KnownVulnerability> vulns = identity.cpe() == null ? List.of() : vulnerabilities.apply(identity.cpe());
        String mac = arp.lookup(t.ip()).orElse(null);
        String vendor = mac == null ? null : macVendors.apply(mac).orElse(null);
        var evidence = new DeviceEvidence(t.ip(), t.name(), mac, vendor, identity, services, logins, bf, plan.bruteForceProbe(),
                vulns, plan.cveFeedLoaded(), notes);
        return Optional.of(assessor.assess(evidence));
    }
}
