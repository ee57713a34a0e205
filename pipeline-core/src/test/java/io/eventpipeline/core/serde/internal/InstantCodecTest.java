package io.eventpipeline.core.serde.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.smile.databind.SmileMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.eventpipeline.core.serde.Json;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class InstantCodecTest {

    /** What the mapping did before: JSR-310's reader and writer alone. */
    private static final ObjectMapper JAVA_TIME = JsonMapper.builder().addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).build();

    @Test
    void shouldWriteAndReadInstantsExactlyAsJavaTimeDoes() throws Exception {
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 100_000; i++) {
            // Years 0000 to 9999, with no fraction, millis, micros or nanos.
            long seconds = random.nextLong(-62_167_219_200L, 253_402_300_800L);
            int nanos = switch (i % 4) {
                case 0 -> 0;
                case 1 -> random.nextInt(1_000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1_000;
                default -> random.nextInt(1_000_000_000);
            };
            Instant instant = Instant.ofEpochSecond(seconds, nanos);
            String json = Json.mapper().writeValueAsString(instant);
            assertEquals(JAVA_TIME.writeValueAsString(instant), json);
            assertEquals(instant, Json.mapper().readValue(json, Instant.class), json);
        }
    }

    @Test
    void shouldWriteInstantsInSmileAsTheirTextAndReadThemBack() throws Exception {
        ObjectMapper smile = SmileMapper.builder().addModule(new JavaTimeModule()).addModule(InstantCodec.module())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).build();
        SplittableRandom random = new SplittableRandom(11);
        for (int i = 0; i < 10_000; i++) {
            Instant instant = Instant.ofEpochSecond(random.nextLong(-62_167_219_200L, 253_402_300_800L),
                    i % 2 == 0 ? random.nextInt(1_000) * 1_000_000 : random.nextInt(1_000_000_000));
            byte[] bytes = smile.writeValueAsBytes(instant);
            assertArrayEquals(smile.writeValueAsBytes(instant.toString()), bytes, instant.toString());
            assertEquals(instant, smile.readValue(bytes, Instant.class));
        }
        Instant far = Instant.parse("+12026-11-22T10:15:30Z"); // outside the fast path
        assertEquals(far, smile.readValue(smile.writeValueAsBytes(far), Instant.class));
        assertEquals("\"+12026-11-22T10:15:30Z\"", Json.mapper().writeValueAsString(far));
    }

    @Test
    void shouldLeaveEveryOtherShapeToJavaTime() throws Exception {
        List<String> shapes = List.of("\"2026-11-22T10:15:30+01:00\"", "\"2026-11-22T23:59:60Z\"", "\"+12026-11-22T10:15:30Z\"",
                "\"2026-11-22T10:15:30.1234567891Z\"", "\"2026-11-22 10:15:30Z\"", "\"2026-11-22T10:15Z\"", "\"yesterday\"",
                "\"\"", "1763806530123", "1763806530.5", "true", "\"2026-13-22T10:15:30Z\"", "\"2026-02-30T10:15:30Z\"",
                "\"+10000-01-01T00:00:00Z\"", "\"-0001-12-31T23:59:59Z\"");
        for (String shape : shapes) {
            assertEquals(outcome(JAVA_TIME, shape), outcome(Json.mapper(), shape), shape);
        }
    }

    /** The instant read, or the kind of failure and its first line. */
    private static String outcome(ObjectMapper mapper, String json) {
        try {
            return String.valueOf(mapper.readValue(json, Instant.class));
        } catch (Exception e) {
            return e.getClass().getSimpleName() + ": " + e.getMessage().lines().findFirst().orElse("");
        }
    }
}
