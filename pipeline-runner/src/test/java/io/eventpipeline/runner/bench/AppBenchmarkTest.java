package io.eventpipeline.runner.bench;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AppBenchmarkTest {

    @Test
    void shouldTakeAnEventStampedWhenMadeAsOnTimePastNestedFields() {
        String json = "{\"symbol\":\"ACME\",\"details\":{\"timestamp\":\"2000-01-01T00:00:00Z\",\"list\":[1,{\"a\":2}]},"
                + "\"price\":1.5,\"timestamp\":\"2026-11-22T14:30:00.123Z\"}";
        long made = Instant.parse("2026-11-22T14:30:00.123Z").toEpochMilli();

        assertTrue(AppBenchmark.onTime(json.getBytes(StandardCharsets.UTF_8), made));
        assertFalse(AppBenchmark.onTime(json.getBytes(StandardCharsets.UTF_8), made + 200), "stamped 200 ms before it was made");
    }

    @Test
    void shouldTakeAMalformedEventOrOneWithoutATimestampAsOnTime() {
        for (String json : new String[] {"{\"symbol\":", "{\"symbol\":\"ACME\"}", "{\"timestamp\":\"yesterday\"}"}) {
            assertTrue(AppBenchmark.onTime(json.getBytes(StandardCharsets.UTF_8), 1_000), json);
        }
    }
}
