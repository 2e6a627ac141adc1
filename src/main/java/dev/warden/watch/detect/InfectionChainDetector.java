package dev.warden.watch.detect;

import dev.warden.assess.Severity;
import dev.warden.watch.device.Device;
import dev.warden.watch.flow.FlowRecord;
import dev.warden.watch.flow.IpAddress;
import dev.warden.watch.incident.IncidentBook;

import java.util.Locale;

/**
 * The takeover itself, as Mirai's loader performs it: someone outside logs into the device over telnet or SSH, the
 * device then downloads something (the bot, by wget or tftp, or it arrives through the login session itself by
 * echo), and then calls an endpoint it never contacted before, on an unusual port: its new C&C. Each step must follow
 * the previous one within {@code watch.infection-chain.window}. One incident per chain, critical: it says who logged
 * in, where the bot came from and what it called. Doc: docs/detectors/infection-chain.md
 */
public final class InfectionChainDetector extends Detector {
    public static final String ID = "infection-chain";
    private static final int KNOWN_ENDPOINTS = 1024;

    private final DetectorContext ctx;
    private final boolean[] loginPorts, ordinary;
    private final long window, minLogin, minDownload;
    private final DeviceStates<Chain> chains;

    /**
     * Per device: the endpoints (address and port) and addresses it has called, as 64-bit keys (no text per flow;
     * bounded, oldest forgotten first), and the chain in progress.
     */
    private static final class Chain {
        final LongFifoSet known = new LongFifoSet(KNOWN_ENDPOINTS);
        FlowRecord login, download;
        String downloadHow;

        boolean knows(long key) {
            return known.contains(key);
        }

        void remember(long key) {
            known.add(key);
        }
    }

    public InfectionChainDetector(DetectorContext ctx) {
        this.ctx = ctx;
        loginPorts = ctx.ports("watch.login-scan.ports");
        ordinary = ctx.ports("watch.cnc-beacon.ordinary-ports");
        window = ctx.micros("watch.infection-chain.window");
        minLogin = ctx.micros("watch.infection-chain.min-login");
        minDownload = ctx.integer("watch.infection-chain.min-download-bytes");
        chains = new DeviceStates<>(ctx.stateBound(), Chain::new);
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String summary() {
        return "Inbound telnet/SSH login from outside, then a download, then a new outbound C&C: a takeover in progress";
    }

    @Override
    public Severity severity() {
        return Severity.CRITICAL;
    }

    @Override
    public void onFlow(FlowRecord f, Device orig, Device resp, long now) {
        if (resp != null && orig == null && isLogin(f)) {
            Chain c = chains.getOrMake(resp.index());
            c.login = f;
            c.download = null;
            if (f.origBytes() - overhead(f.origPackets()) >= minDownload) { // the bot pushed through the session (echo)
                c.download = f;
                c.downloadHow = "pushed through the login session itself (" + Text.bytes(f.origBytes()) + ", Mirai's echo method)";
            }
            return;
        }
        if (orig == null || resp != null) return;
        Chain c = chains.getOrMake(orig.index());
        long endpoint = key(f.dst(), f.dstPort()), address = key(f.dst(), -1);
        boolean isNew = !c.knows(endpoint) && !c.knows(address);
        c.remember(endpoint);
        c.remember(address);
        if (c.login == null) return;
        if (c.download == null) {
            if (f.startMicros() > c.login.endMicros() + window) {
                c.login = null; // the login led to nothing in time
            } else if (f.startMicros() >= c.login.startMicros() && f.respBytes() >= minDownload && (f.state().established() || f.isUdp())) {
                c.download = f;
                c.downloadHow = "downloaded (" + Text.bytes(f.respBytes()) + " from " + f.dst() + ":" + f.dstPort() + ")";
            }
            return;
        }
        if (f.startMicros() > c.download.endMicros() + window) {
            c.login = null;
            c.download = null;
            return;
        }
        if (!isNew || f.startMicros() < c.download.startMicros() || ordinary[f.dstPort()]) return;
        IpAddress from = c.login.src();
        if (f.dst().equals(from) || f.dst().equals(c.download.dst())) return; // talking back to the loader is not a new C&C
        report(orig, c, f, f.dst() + ":" + f.dstPort(), now);
        c.login = null;
        c.download = null;
    }

    /** An address with a port, or alone (port -1), as 64 bits: two different ones share a key with probability 2^-64. */
    private static long key(IpAddress a, int port) {
        long h = a.hi() * 0x9E3779B97F4A7C15L ^ a.lo();
        h = (h ^ (h >>> 31)) * 0xBF58476D1CE4E5B9L ^ (port + 2L);
        h = (h ^ (h >>> 29)) * 0x94D049BB133111EBL;
        return h ^ (h >>> 32);
    }

    private boolean isLogin(FlowRecord f) {
        return f.isTcp() && loginPorts[f.dstPort()] && f.state().established() && f.durationMicros() >= minLogin
                && f.origBytes() > overhead(f.origPackets()) && f.respBytes() > overhead(f.respPackets());
    }

    /** IP and TCP headers of n packets, so that "bytes" means data was carried. */
    private static long overhead(long packets) {
        return 40 * packets;
    }

    private void report(Device device, Chain chain, FlowRecord cnc, String endpoint, long now) {
        // The chain is reset after this report; the sentence, built later, must read this chain as it was.
        var c = new Chain();
        c.login = chain.login;
        c.download = chain.download;
        c.downloadHow = chain.downloadHow;
        IncidentBook.Draft d = ctx.incidents().draft(ID, device, "chain@" + c.login.src());
        final IncidentBook.Draft fd = d;
        d.flow(c.login).flow(c.download).flow(cnc)
                .counterpart(c.login.src().toString())
                .counterpart(c.download == c.login ? c.login.src().toString() : c.download.dst().toString())
                .counterpart(endpoint)
                .severity(Severity.CRITICAL)
                .figure("login_duration_s", Text.seconds(c.login.durationMicros()))
                .figure("download_bytes", c.download == c.login ? c.login.origBytes() : c.download.respBytes())
                .figure("seconds_login_to_cnc", Text.seconds(cnc.startMicros() - c.login.startMicros()))
                .explain(() -> String.format(Locale.ROOT, "Taken over: %s logged in over %s (%s), then the bot was %s, then the device called %s, "
                                + "an endpoint it had never contacted, %s after the login. This is how Mirai's loader installs the bot.",
                        c.login.src(), c.login.dstPort() == 22 ? "SSH" : "telnet", Text.duration(c.login.durationMicros()), c.downloadHow,
                        endpoint, Text.duration(cnc.startMicros() - c.login.startMicros())));
        ctx.incidents().commit(d, now);
    }
}
