package io.eventpipeline.runner.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class CpuMeterTest {

    @Test
    void shouldAddUserAndSystemTicksOfAProcStatLine() {
        // A command name with spaces and parentheses: fields are counted from the last ')'.
        String stat = "4874 (java (broker) x) S 1 4874 4874 0 -1 4194560 81234 0 12 0 1530 245 0 0 20 0 96 0 123 "
                + "5000000000 200000 18446744073709551615 1 1 0 0 0 0 0 2 16384 0 0 0 17 1 0 0 0 0 0";
        assertEquals(1530 + 245, CpuMeter.ticks(stat));
    }

    @Test
    void shouldGiveCpuPerEventOfBothProcesses() {
        CpuMeter.Reading before = new CpuMeter.Reading(1_000_000, 5_000_000);
        CpuMeter.Reading after = new CpuMeter.Reading(1_000_000 + 41_200_000, 5_000_000 + 12_000_000);

        assertEquals("41.2 µs in this JVM + 12.0 µs in the broker", after.perEventSince(before, 1_000));
        assertEquals("41.2 µs in this JVM (broker not measured)",
                new CpuMeter.Reading(after.processNanos(), -1).perEventSince(before, 1_000));
    }

    @Test
    void shouldReadThisJvmsTimeAndTheBrokersWhenItsProcessCanBeRead() {
        long self = ProcessHandle.current().pid();
        CpuMeter.Reading reading = new CpuMeter(OptionalLong.of(self)).read();
        assertTrue(reading.processNanos() > 0);
        assertTrue(reading.brokerNanos() > 0, "this JVM's own /proc entry, read as the broker's");
        assertEquals(-1, new CpuMeter(OptionalLong.empty()).read().brokerNanos());
        assertEquals(-1, new CpuMeter(OptionalLong.of(Long.MAX_VALUE)).read().brokerNanos());
    }
}
