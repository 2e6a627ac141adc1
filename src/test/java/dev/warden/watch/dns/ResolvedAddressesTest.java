package dev.warden.watch.dns;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
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
        r.learn(1, 0, 0xFFFF_0A00_0001L, 50 * S, "a.example");
        assertTrue(r.resolved(1, 0, 0xFFFF_0A00_0001L, 60 * S));
        assertFalse(r.resolved(2, 0, 0xFFFF_0A00_0001L, 60 * S), "another device was not told");
        assertFalse(r.resolved(1, 0, 0xFFFF_0A00_0001L, 3700 * S), "an hour later");
        r.learn(1, 0, 0xFFFF_0A00_0002L, 51 * S, null);
        r.learn(1, 0, 0xFFFF_0A00_0003L, 52 * S, "c.example");
        assertFalse(r.resolved(1, 0, 0xFFFF_0A00_0001L, 60 * S), "past the bound the least recent pair is forgotten");
        assertTrue(r.resolved(1, 0, 0xFFFF_0A00_0003L, 60 * S));
    }

    @Test
    void eachAnswerKeepsTheNameTheDeviceAskedForTheLatestThatGaveTheAddress() {
        var r = new ResolvedAddresses(100, 3600 * S, 10 * S);
        long cdn = 0xFFFF_0A00_0009L;
        r.learn(1, 0, cdn, 50 * S, "cam.vendor.example");
        assertEquals("cam.vendor.example", r.name(1, 0, cdn, 60 * S));
        assertNull(r.name(2, 0, cdn, 60 * S), "another device was not told");
        assertNull(r.name(1, 0, cdn, 3700 * S), "past the memory");
        r.learn(1, 0, cdn, 70 * S, "fw.vendor.example"); // the same CDN address for another name
        assertEquals("fw.vendor.example", r.name(1, 0, cdn, 80 * S));
        r.learn(1, 0, cdn, 90 * S, null); // a question that could not be read keeps the name known
        assertEquals("fw.vendor.example", r.name(1, 0, cdn, 95 * S));
        r.learn(1, 0, cdn, 40 * S, "old.example"); // an earlier answer, read late, changes nothing
        assertEquals("fw.vendor.example", r.name(1, 0, cdn, 95 * S));
    }

    /** Many more pairs than are kept (the filter in front of the map is built again from the kept ones): still exact. */
    @Test
    void theKeptPairsAreFoundAfterManyForgottenOnes() {
        var r = new ResolvedAddresses(100, 3600 * S, 10 * S);
        for (int i = 0; i < 50_000; i++) r.learn(i % 7, 0, 0xFFFF_0000_0000L | i, 10 * S + i, "n" + i + ".example");
        for (int i = 0; i < 50_000; i++) {
            boolean kept = i >= 50_000 - 100;
            assertEquals(kept, r.resolved(i % 7, 0, 0xFFFF_0000_0000L | i, 20 * S), "pair " + i);
            assertEquals(kept ? "n" + i + ".example" : null, r.name(i % 7, 0, 0xFFFF_0000_0000L | i, 20 * S), "pair " + i);
        }
        assertFalse(r.resolved(3, 0, 0xFFFF_0000_0000L | 49_999, 20 * S), "another device than the one told");
    }
}
