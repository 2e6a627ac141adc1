package dev.warden.watch.detect;

import dev.warden.watch.device.Device;
import dev.warden.watch.device.DeviceRegistry;
import dev.warden.watch.device.LocalNetworks;
import dev.warden.watch.flow.ConnState;
import dev.warden.watch.flow.FlowRecord;
import dev.warden.watch.flow.IpAddress;
import dev.warden.watch.flow.Protocols;
import dev.warden.watch.incident.Incident;
import dev.warden.watch.incident.IncidentBook;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The flows a detector saw before its threshold, handed to the incident when it opens. */
class PendingEvidenceTest {
    static final IpAddress CAM = IpAddress.parse("192.168.7.20"), VICTIM = IpAddress.parse("198.51.100.77");

    static FlowRecord numbered(long n) {
        return FlowRecord.numbered("P", n, n * 1_000_000, 1000, CAM, 40000, VICTIM, 80, Protocols.TCP, ConnState.S0, 2, 1, 40, 0, 0, 0, 0);
    }

    /**
     * A packet input's made-up ids ("P7") reach the incident as text, in order beside a source's own ids; a flow that
     * stays pending is never made into text (most pending evidence never becomes an incident).
     */
    @Test
    void madeUpIdsBecomeTextOnlyForTheIncident() {
        var pending = new PendingEvidence(8);
        List<FlowRecord> flows = new ArrayList<>();
        for (long n = 5; n < 10; n++) {
            FlowRecord f = numbered(n);
            flows.add(f);
            pending.add(f, 60_000_000);
        }
        pending.add(FlowRecord.builder().uid("CzeekUid1").start(11_000_000).src(CAM, 40001).dst(VICTIM, 80).build(), 60_000_000);
        for (FlowRecord f : flows) assertNull(f.uidIfMade(), "not made while pending");
        var book = new IncidentBook(new IncidentBook.Limits(600_000_000, 60_000_000, 20, 8, 8, 60_000_000, 1000), List.of());
        Device cam = new DeviceRegistry(LocalNetworks.parse("192.168.0.0/16"), null, 10, List.of()).lookup(CAM, 0x0203_0405_0607L);
        IncidentBook.Draft d = book.draft("syn-flood", cam, VICTIM.toString());
        pending.drainInto(d);
        book.commit(d, 12_000_000);
        book.finish();
        Incident.Evidence e = book.incidents().getFirst().evidence();
        assertEquals(List.of("P5", "P6", "P7", "P8", "P9", "CzeekUid1"), e.flowIds());
        assertEquals(6, e.flows());
        assertEquals(0, pending.count(), "drained: it starts over");
    }
}
