package io.eventpipeline.runner.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AppBenchmarkTest {

    @Test
    void shouldReadTheTopLevelTimestampPastNestedFields() {
        String json = "{\"symbol\":\"ACME\",\"details\":{\"timestamp\":\"2000-01-01T00:00:00Z\",\"list\":[1,{\"a\":2}]},"
                + "\"price\":1.5,\"timestamp\":\"2026-11-22T14:30:00.123Z\"}";

        assertEquals(Instant.parse("2026-11-22T14:30:00.123Z").toEpochMilli(),
                AppBenchmark.eventTime(json.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void shouldTakeNowForAMalformedEventOrOneWithoutATimestamp() {
        long before = System.currentTimeMillis();

        long malformed = AppBenchmark.eventTime("{\"symbol\":".getBytes(StandardCharsets.UTF_8));
        long missing = AppBenchmark.eventTime("{\"symbol\":\"ACME\"}".getBytes(StandardCharsets.UTF_8));
        long badTime = AppBenchmark.eventTime("{\"timestamp\":\"yesterday\"}".getBytes(StandardCharsets.UTF_8));

        long after = System.currentTimeMillis();
        for (long time : new long[] {malformed, missing, badTime}) {
            assertTrue(time >= before && time <= after, () -> time + " not in [" + before + ", " + after + "]");
        }
    }
}
