package dev.warden.watch.incident;

import dev.warden.watch.device.Device;
import dev.warden.watch.device.DeviceRegistry;
import dev.warden.watch.device.LocalNetworks;
import dev.warden.watch.flow.IpAddress;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An incident's evidence time ranges: sorted, never overlapping, bounded, and covering every evidence flow, whatever
 * order the flows come in (a conn.log lists a day-long C&C session at its end, after the short ones inside it).
 */
class EvidenceRangesTest {
    static final long S = 1_000_000, GAP = 60 * S;

    @Test
    void aLongFlowListedLateJoinsTheRangesItCovers() {
        var book = new IncidentBook(new IncidentBook.Limits(3600 * S, 60 * S, 5, 5, 8, GAP, 100), List.of());
        Device dev = new DeviceRegistry(LocalNetworks.parse("192.168.0.0/16"), null, 10, List.of()).lookup(IpAddress.parse("192.168.1.9"), 0);
        var d = book.draft("cnc-beacon", dev, "k");
        d.evidence("a", 1000 * S, 1010 * S);
        d.evidence("b", 5000 * S, 5010 * S);
        d.evidence("c", 9000 * S, 9010 * S);
        d.evidence("long", 900 * S, 6000 * S); // began before the first, ended after the second
        d.evidence("a", 1000 * S, 1010 * S); // the same id again is one id
        book.commit(d, 9010 * S);
        Incident i = book.incidents().getFirst();
        assertEquals(List.of(new Incident.TimeRange(900 * S, 6000 * S), new Incident.TimeRange(9000 * S, 9010 * S)), i.evidence().ranges());
        assertEquals(List.of("a", "b", "c", "long"), i.evidence().flowIds());
        assertEquals(5, i.evidence().flows());
    }

    @Test
    void randomOrdersGiveSortedDisjointBoundedRangesCoveringEveryFlow() {
        var r = new Random(7);
        for (int round = 0; round < 200; round++) {
            var book = new IncidentBook(new IncidentBook.Limits(3600 * S, 60 * S, 5, 5, 4, GAP, 100), List.of());
            Device dev = new DeviceRegistry(LocalNetworks.parse("192.168.0.0/16"), null, 10, List.of()).lookup(IpAddress.parse("192.168.1.9"), 0);
            var d = book.draft("cnc-beacon", dev, "k");
            var flows = new long[30][];
            for (int k = 0; k < flows.length; k++) {
                long start = r.nextInt(100_000) * S, end = start + (r.nextInt(10) == 0 ? r.nextInt(20_000) : r.nextInt(30)) * S;
                flows[k] = new long[]{start, end};
                d.evidence(null, start, end);
            }
            book.commit(d, 200_000 * S);
            var ranges = book.incidents().getFirst().evidence().ranges();
            assertTrue(ranges.size() <= 4, ranges.toString());
            for (int k = 1; k < ranges.size(); k++) {
                assertTrue(ranges.get(k).start() > ranges.get(k - 1).end() + GAP, "sorted, apart by more than the gap: " + ranges);
            }
            for (long[] f : flows) {
                assertTrue(ranges.stream().anyMatch(x -> x.start() <= f[0] && f[1] <= x.end()), "flow " + f[0] + "-" + f[1] + " in " + ranges);
            }
        }
    }
}
