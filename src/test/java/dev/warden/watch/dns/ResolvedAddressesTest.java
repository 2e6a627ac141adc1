package dev.warden.watch.dns;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ResolvedAddressesTest {
    static final long S = 1_000_000;

    @Test
    void aResponseCountsOnlyForTheDevicesOwnQueryOnceWithinTheWindow() {
        var r = new ResolvedAddresses(100, 3600 * S, 10 * S);
        r.asked(3, 0x1234, 100 * S);
        assertFalse(r.answers(3, 0x9999, 100 * S + 1), "another transaction id: not an answer to this device");
        assertFalse(r.answers(4, 0x1234, 100 * S + 1), "another device never asked");
        assertFalse(r.answers(3, 0x1234, 111 * S), "past the reply window");
        assertTrue(r.answers(3, 0x1234, 100 * S + 5));
        assertFalse(r.answers(3, 0x1234, 100 * S + 6), "each query is answered once: a repeated response teaches nothing");
    }

    @Test
    void answersAreRememberedPerDeviceWithinTheMemoryAndBounded() {
        var r = new ResolvedAddresses(2, 3600 * S, 10 * S);
        r.learn(1, 0, 0xFFFF_0A00_0001L, 50 * S);
        assertTrue(r.resolved(1, 0, 0xFFFF_0A00_0001L, 60 * S));
        assertFalse(r.resolved(2, 0, 0xFFFF_0A00_0001L, 60 * S), "another device was not told");
        assertFalse(r.resolved(1, 0, 0xFFFF_0A00_0001L, 3700 * S), "an hour later");
        r.learn(1, 0, 0xFFFF_0A00_0002L, 51 * S);
        r.learn(1, 0, 0xFFFF_0A00_0003L, 52 * S);
        assertFalse(r.resolved(1, 0, 0xFFFF_0A00_0001L, 60 * S), "past the bound the least recent pair is forgotten");
        assertTrue(r.resolved(1, 0, 0xFFFF_0A00_0003L, 60 * S));
    }
}
