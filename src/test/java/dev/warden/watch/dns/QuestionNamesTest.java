package dev.warden.watch.dns;

import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The cache of question names answers exactly what DnsAnswers reads, and makes each distinct name into text once. */
class QuestionNamesTest {
    private static byte[] message(int id, String name, boolean response) {
        return DnsAnswersTest.message(id, name, response);
    }

    private static MemorySegment seg(byte[] m) {
        return MemorySegment.ofArray(m);
    }

    @Test
    void theSameNameIsOneStringAndEachKindIsReadAsDnsAnswersReadsIt() {
        var names = new QuestionNames();
        byte[] q1 = message(1, "Bridge.MeetHue.com", false), q2 = message(2, "Bridge.MeetHue.com", false);
        String first = names.query(seg(q1), 0, q1.length);
        assertEquals("bridge.meethue.com", first);
        assertSame(first, names.query(seg(q2), 0, q2.length), "another query for the same name: the same String");
        assertEquals(1, names.hits());
        byte[] r = message(2, "Bridge.MeetHue.com", true);
        assertNull(names.query(seg(r), 0, r.length), "a response is no query, whatever its name");
        assertEquals("bridge.meethue.com", names.answered(seg(r), 0, r.length));
        assertNull(names.answered(seg(q1), 0, q1.length), "a query answers nothing");
        byte[] other = message(3, "www.example.org", false);
        assertEquals("www.example.org", names.query(seg(other), 0, other.length));
    }

    /** Many names through the 1,024 slots, then seeded mutations: always DnsAnswers' own reading, never another name. */
    @Test
    void agreesWithDnsAnswersOnManyAndMutatedMessages() {
        var names = new QuestionNames();
        var rnd = new SplittableRandom(0x5EEDL);
        for (int i = 0; i < 20_000; i++) {
            byte[] m = message(i, "host" + rnd.nextInt(200) + ".vendor" + rnd.nextInt(2) + ".example", rnd.nextBoolean());
            if (rnd.nextInt(4) == 0) m[rnd.nextInt(m.length)] = (byte) rnd.nextInt(256);
            int length = rnd.nextInt(8) == 0 ? rnd.nextInt(m.length + 1) : m.length;
            assertEquals(DnsAnswers.queryName(seg(m), 0, length), names.query(seg(m), 0, length), "message " + i);
            assertEquals(DnsAnswers.answeredName(seg(m), 0, length), names.answered(seg(m), 0, length), "message " + i);
        }
        assertTrue(names.hits() > 1000 && names.misses() > 1000, names.hits() + " hits, " + names.misses() + " misses");
    }
}
