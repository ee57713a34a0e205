package io.eventpipeline.runner.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.eventpipeline.runner.bench.SlowSeconds.Second;
import java.util.List;
import org.junit.jupiter.api.Test;

class SlowSecondsTest {

    @Test
    void shouldRankSecondsByTheirLargestSample() {
        SlowSeconds seconds = new SlowSeconds();
        long t = 1_800_000_000_000L; // 2027-01-15T08:00:00Z
        seconds.add(t + 10, 120);
        seconds.add(t + 990, 80);
        seconds.add(t + 1_000, 900);
        seconds.add(t + 1_500, 30);
        seconds.add(t + 5_000, 400);
        seconds.add(t + 7_200, 400);

        assertEquals(List.of(new Second(t / 1000 + 1, 2, 900), new Second(t / 1000 + 5, 1, 400)), seconds.slowest(2));
        assertEquals(4, seconds.slowest(10).size());
        assertEquals("08:00:01 900 ms (2), 08:00:05 400 ms (1), 08:00:07 400 ms (1)", seconds.describe(3));
        assertEquals("", new SlowSeconds().describe(3));
    }
}
