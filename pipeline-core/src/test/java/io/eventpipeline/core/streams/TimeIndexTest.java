package io.eventpipeline.core.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class TimeIndexTest {

    @Test
    void shouldKeyAsSixteenHexDigitsThatSortAsTheTimes() {
        for (long millis : List.of(0L, 1L, 15L, 1_763_806_530_123L, 253_402_300_799_999L, Long.MAX_VALUE, -1L)) {
            assertEquals(String.format(Locale.ROOT, "%016x|%s", millis, "flow-1"), TimeIndex.key(millis, "flow-1"));
            assertEquals(millis, TimeIndex.time(TimeIndex.key(millis, "flow-1")));
            assertEquals("flow-1|a", TimeIndex.id(TimeIndex.key(millis, "flow-1|a")));
        }
        assertTrue(TimeIndex.key(9, "z").compareTo(TimeIndex.key(10, "a")) < 0);
        assertTrue(TimeIndex.through(1_763_806_530_123L).compareTo(TimeIndex.key(1_763_806_530_124L, "")) < 0);
        assertTrue(TimeIndex.from().compareTo(TimeIndex.key(0, "a")) < 0);
        assertTrue(TimeIndex.key(1_763_806_530_123L, "device-9").compareTo(TimeIndex.through(1_763_806_530_123L)) < 0);
    }
}
