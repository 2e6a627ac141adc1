package dev.warden.watch.detect;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SlidingDistinctTest {
    static final long S = 1_000_000;

    /** Out-of-order times (flows end by deadline, captures go back in time) count exactly what a model counts. */
    @Test
    void countsExactlyWhateverTheOrderOfTimes() {
        var rnd = new Random(11);
        long window = 300 * S;
        var set = new SlidingDistinct<Integer>(window, 1_000_000);
        Map<Integer, Long> model = new HashMap<>();
        long latest = Long.MIN_VALUE;
        for (int i = 0; i < 20_000; i++) {
            long t = i * S / 10 - rnd.nextLong(400 * S) + (i % 5000 == 4999 ? -100_000 * S : 0); // jitter, and jumps back
            int v = rnd.nextInt(500);
            latest = Math.max(latest, t);
            long cut = latest - window;
            model.values().removeIf(x -> x < cut);
            boolean fresh = t >= cut && !model.containsKey(v);
            if (t >= cut) model.merge(v, t, Math::max);
            assertEquals(fresh, set.add(v, t), "add " + i);
            assertEquals(model.size(), set.size(), "size after add " + i);
        }
    }

    @Test
    void aTimeOlderThanTheWindowIsNotAddedAndTheBoundDropsTheOldest() {
        var set = new SlidingDistinct<String>(10 * S, 3);
        assertTrue(set.add("a", 100 * S));
        assertFalse(set.add("b", 80 * S), "20 s before the latest time: outside a 10 s window");
        assertTrue(set.add("b", 95 * S));
        assertTrue(set.add("c", 97 * S));
        assertEquals(List.of("b", "c", "a"), set.values());
        assertTrue(set.add("d", 101 * S));
        assertEquals(List.of("c", "a", "d"), set.values(), "the least recently seen is forgotten past the bound");
        set.expire(108 * S);
        assertEquals(List.of("a", "d"), set.values());
    }
}
