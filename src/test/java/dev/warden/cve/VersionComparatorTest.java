package dev.warden.cve;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VersionComparatorTest {

    @ParameterizedTest(name = "{0} < {1}")
    @CsvSource({
        "1.0, 1.1",
        "1.2, 1.10",            // numeric, not lexical
        "1.9.9, 1.10",
        "5.4.0, 5.4.5",
        "0.9, 1",
        "1.04b11, 1.05b01",     // D-Link style
        "1.04b9, 1.04b11",      // the build number inside a token is numeric too
        "1.04, 1.04b12",        // a build suffix is a later build, not a pre-release
        "1.0.beta, 1.0.1",      // letters rank below a number at the same position
        "1.0.alpha, 1.0.beta",
        "1.0.7.2_1.1.93, 1.0.7.6",
        "1.0.4.6_10.1.12, 1.0.4.6_10.1.13",
        "4.02.r11.3070, 4.02.r11.7601",
        "4.30.210, 4.30.300",
        "5.2.0 build 140721, 5.4.0 build 160530",
        "5.4.0 build 160401, 5.4.0 build 160530",
        "2.17, 2.17b01",
        "99999999999999999998, 99999999999999999999", // longer than a long
        "1-2, 1-10",
        "1_2, 1_10",
    })
    void orders(String older, String newer) {
        assertTrue(VersionComparator.compareVersions(older, newer) < 0, older + " should be before " + newer);
        assertTrue(VersionComparator.compareVersions(newer, older) > 0, newer + " should be after " + older);
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource({
        "1.0, 1.0.0",
        "1, 1.0.0.0",
        "01.002, 1.2",
        "V5.4.0, 5.4.0",
        "v1.2, 1.2",
        "1.0B12, 1.0b12",
        "1-2-3, 1.2.3",
        "1_2_3, 1.2.3",
        "2.056b06, 2.56b6",
    })
    void equalVersions(String a, String b) {
        assertEquals(0, VersionComparator.compareVersions(a, b));
        assertTrue(VersionComparator.same(a, b));
    }

    @Test
    void leadingVIsOnlyStrippedBeforeADigit() {
        // "vista" is a word, not a "v" prefix: it stays a letter token.
        assertTrue(VersionComparator.compareVersions("vista", "1") < 0);
    }

    @Test
    void orderIsTransitiveOverAMixedSample() {
        List<String> sample = List.of("1", "1.0", "1.a", "1.0.a", "1.0.0", "1.0b", "1.0.1", "1.1", "1.04b12", "1.04",
            "1.05b01", "2.0-rc1", "2.0", "10", "1.0.7.2_1.1.93", "1.0.7.6");
        List<String> sorted = new ArrayList<>(sample);
        sorted.sort(VersionComparator.INSTANCE);
        for (String a : sample) {
            for (String b : sample) {
                for (String c : sample) {
                    int ab = VersionComparator.compareVersions(a, b);
                    int bc = VersionComparator.compareVersions(b, c);
                    if (ab <= 0 && bc <= 0) {
                        assertTrue(VersionComparator.compareVersions(a, c) <= 0, a + " <= " + b + " <= " + c);
                    }
                }
                assertEquals(Integer.signum(VersionComparator.compareVersions(a, b)),
                    -Integer.signum(VersionComparator.compareVersions(b, a)), "antisymmetric for " + a + ", " + b);
            }
        }
    }

    @Test
    void tokensSplitDigitsFromLetters() {
        assertEquals(List.of("1", "4", "b", "12"), VersionComparator.tokens("1.04b12"));
        assertEquals(List.of("5", "4", "0", "build", "160530"), VersionComparator.tokens("V5.4.0 build 160530"));
        assertEquals(List.of("1"), VersionComparator.tokens("1.0.0"));
        assertEquals(List.of(), VersionComparator.tokens("0"));
    }

    @Test
    void nullIsRejectedWithAMessage() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> VersionComparator.compareVersions(null, "1"));
        assertTrue(e.getMessage().contains("null"));
    }
}
