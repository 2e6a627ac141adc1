package dev.warden.identify;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MacAddressTest {

    @ParameterizedTest
    @ValueSource(strings = {
        "00:1a:2b:3c:4d:5e", "00:1A:2B:3C:4D:5E", "00-1a-2b-3c-4d-5e", "001a.2b3c.4d5e", "001A2B3C4D5E",
        "0:1a:2b:3c:4d:5e", "  00:1a:2b:3c:4d:5e\n",
    })
    void acceptedForms(String mac) {
        MacAddress m = MacAddress.parse(mac);
        assertEquals(0x001a2b3c4d5eL, m.value());
        assertEquals("00:1a:2b:3c:4d:5e", m.toString());
        assertEquals(0x001a2b, m.oui());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", "00:1a:2b:3c:4d", "00:1a:2b:3c:4d:5e:6f", "00:1a:2b:3c:4d:5g", "00-1a:2b-3c:4d-5e",
        "001a.2b3c.4d5", "001a2b3c4d5", "001:a2:b3:c4:d5:e6", "00:1a:2b:3c:4d:", "hello",
    })
    void malformedAddressesAreRejectedWithTheInput(String mac) {
        MalformedMacException e = assertThrows(MalformedMacException.class, () -> MacAddress.parse(mac));
        assertTrue(e.getMessage().contains("\"" + mac + "\""), e.getMessage());
        assertTrue(e.getMessage().contains("aa:bb:cc:dd:ee:ff"), e.getMessage());
    }

    @Test
    void nullIsRejected() {
        assertTrue(assertThrows(MalformedMacException.class, () -> MacAddress.parse(null)).getMessage().contains("null"));
    }

    @Test
    void flagBits() {
        assertTrue(MacAddress.parse("02:00:00:00:00:01").locallyAdministered());
        assertTrue(MacAddress.parse("da:a1:19:00:00:01").locallyAdministered());
        assertFalse(MacAddress.parse("00:00:0c:00:00:01").locallyAdministered());
        assertTrue(MacAddress.parse("01:00:5e:00:00:fb").multicast());
        assertFalse(MacAddress.parse("00:00:0c:00:00:01").multicast());
    }

    @Test
    void valueMustFitIn48Bits() {
        assertThrows(MalformedMacException.class, () -> new MacAddress(1L << 48));
    }
}
