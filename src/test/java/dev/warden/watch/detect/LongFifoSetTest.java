package dev.warden.watch.detect;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashSet;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LongFifoSetTest {
    /** The reference: what InfectionChainDetector did with a LinkedHashSet before. */
    private static final class Model {
        final LinkedHashSet<Long> set = new LinkedHashSet<>();
        final int capacity;

        Model(int capacity) {
            this.capacity = capacity;
        }

        boolean add(long k) {
            if (!set.add(k)) return false;
            if (set.size() > capacity) {
                var it = set.iterator();
                it.next();
                it.remove();
            }
            return true;
        }
    }

    @Test
    void agreesWithAnInsertionOrderedSetThatDropsItsOldest() {
        for (int capacity : new int[]{1, 3, 100, 1000, 1024}) {
            var random = new SplittableRandom(capacity);
            var set = new LongFifoSet(capacity);
            var model = new Model(capacity);
            for (int i = 0; i < 50_000; i++) {
                // few distinct keys (repeats), zero and negative keys, and keys that collide in a small table
                long k = switch (random.nextInt(4)) {
                    case 0 -> random.nextInt(3 * capacity + 2);
                    case 1 -> -random.nextInt(50);
                    case 2 -> (long) random.nextInt(64) << 40;
                    default -> random.nextLong();
                };
                if (random.nextBoolean()) assertEquals(model.set.contains(k), set.contains(k), "contains " + k + " at step " + i);
                assertEquals(model.add(k), set.add(k), "add " + k + " at step " + i);
                assertEquals(model.set.size(), set.size());
            }
            assertArrayEquals(model.set.stream().mapToLong(Long::longValue).toArray(), set.members(), "members oldest first, capacity " + capacity);
        }
    }

    @Test
    void zeroIsAMemberLikeAnyOther() {
        var set = new LongFifoSet(2);
        assertFalse(set.contains(0));
        assertTrue(set.add(0));
        assertTrue(set.contains(0));
        set.add(5);
        set.add(6); // 0 was oldest
        assertFalse(set.contains(0));
        assertTrue(set.contains(5) && set.contains(6));
    }
}
