package dev.warden.cve;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CpeNameTest {

    @Test
    void parsesAllElevenAttributes() {
        CpeName c = CpeName.parse("cpe:2.3:o:hikvision:ds-2cd2032-i_firmware:5.4.0:sp1:ed:en:swe:linux:arm:x");
        assertEquals("o", c.part());
        assertEquals("hikvision", c.vendor());
        assertEquals("ds-2cd2032-i_firmware", c.product());
        assertEquals("5.4.0", c.version());
        assertEquals("sp1", c.update());
        assertEquals("ed", c.edition());
        assertEquals("en", c.language());
        assertEquals("swe", c.swEdition());
        assertEquals("linux", c.targetSw());
        assertEquals("arm", c.targetHw());
        assertEquals("x", c.other());
        assertEquals("hikvision:ds-2cd2032-i_firmware", c.vendorProduct());
    }

    @Test
    void unescapesQuotedCharacters() {
        CpeName c = CpeName.parse("cpe:2.3:o:hikvision:ds-2cd2412f-i\\(w\\)_firmware:-:*:*:*:*:*:*:*");
        assertEquals("ds-2cd2412f-i(w)_firmware", c.product());
        assertEquals(CpeName.NA, c.version());
        CpeName slash = CpeName.parse("cpe:2.3:o:hikvision:ds-7104ni-q1\\/4p_firmware:*:*:*:*:*:*:*:*");
        assertEquals("ds-7104ni-q1/4p_firmware", slash.product());
    }

    @Test
    void anEscapedColonStaysInsideItsValue() {
        CpeName c = CpeName.parse("cpe:2.3:a:acme:web\\:server:1.0\\:beta:*:*:*:*:*:*:*");
        assertEquals("web:server", c.product());
        assertEquals("1.0:beta", c.version());
    }

    @Test
    void escapedWildcardsAreLiteral() {
        CpeName c = CpeName.parse("cpe:2.3:a:acme:star\\*ware:1.0:*:*:*:*:*:*:*");
        assertEquals("star*ware", c.product());
    }

    @Test
    void toStringEscapesPunctuationAndRoundTrips() {
        String s = "cpe:2.3:o:hikvision:ds-2cd2412f-i\\(w\\)_firmware:-:*:*:*:*:*:*:*";
        assertEquals(s, CpeName.parse(s).toString());
        String colon = "cpe:2.3:a:acme:web\\:server:1.0:*:*:*:*:*:*:*";
        assertEquals(CpeName.parse(colon), CpeName.parse(CpeName.parse(colon).toString()));
    }

    @Test
    void unescapedPunctuationIsAcceptedSoHandWrittenCpesStillCompare() {
        CpeName loose = CpeName.parse("cpe:2.3:o:hikvision:ds-2cd2412f-i(w)_firmware:5.4.0:*:*:*:*:*:*:*");
        CpeName strict = CpeName.parse("cpe:2.3:o:hikvision:ds-2cd2412f-i\\(w\\)_firmware:5.4.0:*:*:*:*:*:*:*");
        assertEquals(strict, loose);
    }

    @Test
    void prefixIsCaseInsensitiveAndPartIsLowercased() {
        assertEquals("o", CpeName.parse("CPE:2.3:O:zyxel:pk5001z_firmware:-:*:*:*:*:*:*:*").part());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "cpe:2.3:o:dlink:dir-645_firmware",                                 // too few components
        "cpe:2.3:o:dlink:dir-645_firmware:1.0:*:*:*:*:*:*:*:extra",         // too many
        "cpe:2.3:x:dlink:dir-645_firmware:1.0:*:*:*:*:*:*:*",               // bad part
        "cpe:2.3:o::dir-645_firmware:1.0:*:*:*:*:*:*:*",                    // empty vendor
        "cpe:2.3:o:dlink:dir-645_firmware:1.*:*:*:*:*:*:*:*",               // embedded wildcard
        "cpe:2.3:o:dlink:dir-645_firmware:1.?:*:*:*:*:*:*:*",               // embedded wildcard
        "cpe:2.3:o:dlink:dir 645:1.0:*:*:*:*:*:*:*",                         // whitespace
        "cpe:2.3:o:dlink:dir-645_firmware:1.0:*:*:*:*:*:*:\\",              // lone trailing backslash
        "cpe:/o:dlink:dir-645_firmware:1.0",                                // CPE 2.2 URI
        "dlink dir-645",                                                    // not a CPE
        "",
    })
    void malformedNamesAreRejectedWithTheInputInTheMessage(String bad) {
        MalformedCpeException e = assertThrows(MalformedCpeException.class, () -> CpeName.parse(bad));
        if (!bad.isEmpty()) assertTrue(e.getMessage().contains(bad), e.getMessage());
    }

    @Test
    void messagesSayWhatIsWrong() {
        assertTrue(message("cpe:2.3:o:dlink:dir-645_firmware").contains("has 3 components"));
        assertTrue(message("cpe:2.3:x:dlink:p:1:*:*:*:*:*:*:*").contains("part \"x\""));
        assertTrue(message("cpe:2.3:o::p:1:*:*:*:*:*:*:*").contains("empty vendor"));
        assertTrue(message("cpe:/o:dlink:dir-645").contains("CPE 2.2 URI"));
        assertTrue(message("cpe:2.3:o:dlink:p:1.*:*:*:*:*:*:*:*").contains("wildcard"));
        assertTrue(message(null).contains("empty"));
    }

    private static String message(String cpe) {
        return assertThrows(MalformedCpeException.class, () -> CpeName.parse(cpe)).getMessage();
    }
}
