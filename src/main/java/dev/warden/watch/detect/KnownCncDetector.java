package dev.warden.watch.detect;

import dev.warden.assess.Severity;
import dev.warden.watch.device.Device;
import dev.warden.watch.flow.FlowRecord;
import dev.warden.watch.intel.Indicators;

/**
 * A device contacts an endpoint listed as a botnet command-and-control server ({@code cncserverlist}: address or name,
 * and port). Names match when the input carries the server's name (a conn.log's server_name), and when a device asks
 * DNS for a listed name (packet inputs; any port). Doc: docs/detectors/intel-cnc.md
 */
public final class KnownCncDetector extends IntelDetector {
    public static final String ID = "intel-cnc";

    public KnownCncDetector(DetectorContext ctx) {
        super(ctx);
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String summary() {
        return "A device contacts a known botnet command-and-control server (" + Indicators.CNC_FILE + ")";
    }

    @Override
    public Severity severity() {
        return Severity.CRITICAL;
    }

    @Override
    protected Match match(FlowRecord f, Device orig, Device resp) {
        if (orig == null || resp != null) return null;
        String name = f.serverName();
        String entry = ctx().intel().cncEntry(f.dst(), f.dstPort(), name != null && underListedName(name) ? name : null);
        return entry == null ? null : new Match(orig, entry, "C&C");
    }

    @Override
    public boolean wantsLookups() {
        return ctx().intel().hasCncNames();
    }

    @Override
    protected Match matchLookup(Device device, String name) {
        String entry = underListedName(name) ? ctx().intel().cncLookup(name) : null;
        return entry == null ? null : new Match(device, entry, "C&C");
    }

    /**
     * Names asked about before, and whether each is under a listed name: a packet input asks about every flow to an
     * address a device looked up and every look-up, mostly the same few names, and the walk up a name's domains makes
     * a String per step. Bounded: emptied when full.
     */
    private final java.util.HashMap<String, Boolean> underListed = new java.util.HashMap<>();
    private static final int UNDER_LISTED_MAX = 4096;

    private boolean underListedName(String name) {
        Boolean known = underListed.get(name);
        if (known != null) return known;
        boolean under = ctx().intel().isUnderCncName(name);
        if (underListed.size() >= UNDER_LISTED_MAX) underListed.clear();
        underListed.put(name, under);
        return under;
    }

    @Override
    protected Severity severityFor(long answered, long bytesIn) {
        return Severity.CRITICAL;
    }

    @Override
    protected String sentence(Match m, long flows, long answered, long bytesIn, long bytesOut, long lookups, String asked) {
        String looked = "asked DNS for " + (asked == null ? "it" : asked) + " " + (lookups == 1 ? "once" : lookups + " times");
        if (flows == 0) {
            return "Looked up " + m.entry() + ", listed as a botnet command-and-control server: " + looked
                    + ". A device that asks for its C&C server's address runs the bot that knows it.";
        }
        return "Contacted " + m.entry() + ", listed as a botnet command-and-control server: " + Text.plural(flows, "connection", "connections")
                + ", " + Text.count(answered) + " answered, " + Text.bytes(bytesIn) + " received"
                + (lookups > 0 ? "; " + looked : "") + ". A device that calls a C&C server is taken over.";
    }
}
