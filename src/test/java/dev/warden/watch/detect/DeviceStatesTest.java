package dev.warden.watch.detect;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

class DeviceStatesTest {
    @Test
    void makesOneStatePerDeviceAndFindsItAgain() {
        var made = new ArrayList<StringBuilder>();
        var states = new DeviceStates<StringBuilder>(10, () -> {
            var s = new StringBuilder();
            made.add(s);
            return s;
        });
        assertNull(states.get(3), "nothing before it is made");
        StringBuilder a = states.getOrMake(3);
        assertSame(a, states.getOrMake(3));
        assertSame(a, states.get(3));
        states.getOrMake(500); // grows past its first array
        assertEquals(2, made.size());
        assertEquals(2, states.size());
    }

    @Test
    void atTheBoundTheLeastRecentlyUsedGoesAsWithBoundedMap() {
        var states = new DeviceStates<Object>(3, Object::new);
        var map = new BoundedMap<Integer, Object>(3, Object::new);
        int[] uses = {1, 2, 3, 1, 4, 2, 5, 1, 6, 7, 1};
        for (int d : uses) {
            states.getOrMake(d);
            map.getOrMake(d);
        }
        assertEquals(map.size(), states.size());
        for (int d = 0; d < 10; d++) {
            assertEquals(map.containsKey(d), states.get(d) != null, "device " + d);
        }
    }

    @Test
    void removeIfDropsWhatTheTestSays() {
        var states = new DeviceStates<List<Integer>>(100, ArrayList::new);
        for (int d = 0; d < 20; d++) states.getOrMake(d).add(d);
        states.removeIf(s -> s.getFirst() % 2 == 0);
        assertEquals(10, states.size());
        assertNull(states.get(4));
        assertNotNull(states.get(5));
    }
}
