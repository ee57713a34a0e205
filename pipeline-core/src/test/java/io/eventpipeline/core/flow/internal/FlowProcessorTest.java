package io.eventpipeline.core.flow.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class FlowProcessorTest {

    @Test
    void shouldKeyDeadlinesAsSixteenHexDigitsThatSortAsTheTimes() {
        for (long millis : List.of(0L, 1L, 15L, 1_763_806_530_123L, 253_402_300_799_999L, Long.MAX_VALUE, -1L)) {
            assertEquals(String.format(Locale.ROOT, "%016x|%s", millis, "flow-1"), FlowProcessor.deadlineKey(millis, "flow-1"));
        }
        assertTrue(FlowProcessor.deadlineKey(9, "z").compareTo(FlowProcessor.deadlineKey(10, "a")) < 0);
        assertTrue(FlowProcessor.deadlineKey(1_763_806_530_123L, "\uffff").compareTo(FlowProcessor.deadlineKey(1_763_806_530_124L, "")) < 0);
    }
}
