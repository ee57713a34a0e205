package io.eventpipeline.runner.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class MadeTimesTest {

    @Test
    void shouldFindEachRecordedTimeByPartitionAndOffset() {
        MadeTimes times = new MadeTimes();
        times.put(0, 1_000, 11);
        times.put(0, 1_002, 12);
        times.put(3, 7, 30);

        assertEquals(OptionalLong.of(11), times.get(0, 1_000));
        assertEquals(OptionalLong.empty(), times.get(0, 1_001), "a gap: not recorded");
        assertEquals(OptionalLong.of(12), times.get(0, 1_002));
        assertEquals(OptionalLong.empty(), times.get(0, 999), "before the first recorded offset");
        assertEquals(OptionalLong.of(30), times.get(3, 7));
        assertEquals(OptionalLong.empty(), times.get(1, 7), "a partition never recorded");
    }

    @Test
    void shouldGrowPastItsFirstArrayWithoutLosingTimes() {
        MadeTimes times = new MadeTimes();
        for (long offset = 5; offset < 300_005; offset += 3) {
            times.put(2, offset, offset * 10);
        }

        assertEquals(OptionalLong.of(50), times.get(2, 5));
        assertEquals(OptionalLong.of(3_000_020), times.get(2, 300_002));
        assertEquals(OptionalLong.empty(), times.get(2, 300_003));
        assertEquals(OptionalLong.empty(), times.get(2, 300_006), "past the last recorded offset");
    }

    @Test
    void shouldReadACausationIdOfTheInputTopicOnly() {
        MadeTimes times = new MadeTimes();
        times.put(4, 123, 99);

        assertEquals(OptionalLong.of(99), times.forCausation("market.ticks", "market.ticks/4/123"));
        assertEquals(OptionalLong.empty(), times.forCausation("market.ticks", "market.candles/4/123"));
        assertEquals(OptionalLong.empty(), times.forCausation("market.ticks", "market.ticks.x/4/123"));
        assertEquals(OptionalLong.empty(), times.forCausation("market.ticks", "market.ticks/four/123"));
        assertEquals(OptionalLong.empty(), times.forCausation("market.ticks", "garbage"));
    }
}
