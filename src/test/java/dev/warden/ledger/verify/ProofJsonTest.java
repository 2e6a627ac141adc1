package dev.warden.ledger.verify;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The verifier's own JSON reader: exact on what RFC 8259 allows, loud on everything else. */
class ProofJsonTest {
    static Object parse(String s) throws StrictJson.JsonException {
        return StrictJson.parse(s);
    }

    static String error(String s) {
        return assertThrows(StrictJson.JsonException.class, () -> StrictJson.parse(s), s).getMessage();
    }

    @Test
    void readsTheWholeGrammar() throws Exception {
        assertEquals(Map.of("a", List.of(1L, -2L, new BigDecimal("3.5"), new BigDecimal("1e3"), true, false, StrictJson.NULL), "b", Map.of()),
                parse(" {\"a\" : [1,-2,3.5,1e3,true,false,null], \"b\":{}}\n"));
        assertEquals("\"\\/\b\f\n\r\t\u00e9\u2603\ud83d\ude00", parse("\"\\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\u2603\\ud83d\\ude00\""));
        assertEquals(new BigDecimal("123456789012345678901234567890"), parse("123456789012345678901234567890"));
        assertEquals(List.of(), parse("[]"));
    }

    @Test
    void rejectsWhatALenientReaderWouldLetThrough() {
        assertTrue(error("{\"a\":1,\"a\":2}").contains("duplicate member \"a\" at line 1, column 8"), error("{\"a\":1,\"a\":2}"));
        assertTrue(error("{\"a\":1} x").contains("unexpected content after the JSON value"));
        assertTrue(error("[1,]").contains("unexpected character ']'"));
        assertTrue(error("{\"a\":1,}").contains("expected a member name"));
        assertTrue(error("01").contains("leading zero"));
        assertTrue(error("1.").contains("expected a digit after '.'"));
        assertTrue(error("\"a\tb\"").contains("unescaped control character"));
        assertTrue(error("\"\\x\"").contains("bad escape"));
        assertTrue(error("\"\\ud83d\"").contains("lone surrogate"));
        assertTrue(error("\"\ud83d\"").contains("lone surrogate"));
        assertTrue(error("// c\n{}").contains("unexpected character '/'"));
        assertTrue(error("{'a':1}").contains("expected a member name"));
        assertTrue(error("NaN").contains("unexpected character 'N'"));
        assertTrue(error("[".repeat(100) + "]".repeat(100)).contains("nested deeper than 64"));
    }

    @Test
    void saysWhenTheInputEndsTooEarly() {
        for (String s : List.of("", "{", "{\"a\"", "{\"a\":", "{\"a\":1", "{\"a\":1,", "[1", "\"abc", "tru", "\"\\u12", "{\"a\":[1,2]")) {
            assertTrue(error(s).contains("truncated"), s + " -> " + error(s));
        }
    }

    @Test
    void errorsSayWhere() {
        assertTrue(error("{\n  \"a\": 1,\n  \"b\": nope\n}").contains("at line 3, column 8"), error("{\n  \"a\": 1,\n  \"b\": nope\n}"));
    }
}
