package io.eventpipeline.core.serde;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.eventpipeline.core.TestEvent;
import io.eventpipeline.core.event.Alert;
import io.eventpipeline.core.event.InvalidEventException;
import io.eventpipeline.core.event.Severity;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class JsonSerdeTest {

    private final JsonSerde<TestEvent> serde = JsonSerde.of(TestEvent.class);

    @Test
    void shouldRoundTripARecord() {
        TestEvent event = new TestEvent("e-1", "k", 5);
        byte[] bytes = serde.serialize("t", event);
        assertEquals("{\"id\":\"e-1\",\"key\":\"k\",\"amount\":5}", new String(bytes, StandardCharsets.UTF_8));
        assertEquals(event, serde.deserialize("t", bytes));
    }

    @Test
    void shouldPassNullThroughBothWays() {
        assertNull(serde.serialize("t", null));
        assertNull(serde.deserialize("t", null));
    }

    @Test
    void shouldIgnoreUnknownFields() {
        assertEquals(new TestEvent("e", "k", 1), serde.deserialize("t", bytes("{\"id\":\"e\",\"key\":\"k\",\"amount\":1,\"extra\":true}")));
    }

    @Test
    void shouldWrapMalformedJsonWithItsParseError() {
        SerializationException e = assertThrows(SerializationException.class, () -> serde.deserialize("t", bytes("{not json")));
        assertTrue(e.getMessage().startsWith("malformed TestEvent JSON on t"), e.getMessage());
        assertInstanceOf(java.io.IOException.class, e.getCause());
    }

    @Test
    void shouldRejectAWrongFieldTypeAsMalformed() {
        SerializationException e = assertThrows(SerializationException.class,
                () -> serde.deserialize("t", bytes("{\"id\":\"e\",\"key\":\"k\",\"amount\":\"lots\"}")));
        assertInstanceOf(java.io.IOException.class, e.getCause());
    }

    @Test
    void shouldRejectAnInvalidEventWithTheBrokenRule() {
        SerializationException e = assertThrows(SerializationException.class,
                () -> serde.deserialize("t", bytes("{\"id\":\"e\",\"key\":\"k\",\"amount\":-1}")));
        assertInstanceOf(InvalidEventException.class, e.getCause());
        assertTrue(e.getMessage().contains("amount out of range"), e.getMessage());
    }

    @Test
    void shouldRejectAMissingRequiredField() {
        SerializationException e = assertThrows(SerializationException.class,
                () -> serde.deserialize("t", bytes("{\"key\":\"k\",\"amount\":1}")));
        assertEquals("missing id", e.getCause().getMessage());
    }

    @Test
    void shouldReadMapKeysWithoutInterningThem() throws Exception {
        // Store values hold maps keyed by ids (devices of a room): the JVM's string table must not keep them all.
        Map<String, Integer> read = Json.mapper().readValue("{\"device-interned-check\":1}",
                new com.fasterxml.jackson.core.type.TypeReference<Map<String, Integer>>() { });
        String key = read.keySet().iterator().next();
        assertEquals("device-interned-check", key);
        assertNotSame("device-interned-check", key);
    }

    @Test
    void shouldReadDoublesExactlyAsDoubleParseDoesThroughTheFastParser() throws Exception {
        assertTrue(Json.mapper().getFactory().isEnabled(StreamReadFeature.USE_FAST_DOUBLE_PARSER));
        Random random = new Random(42);
        List<String> texts = new ArrayList<>(List.of("0.1", "21.4", "-0.0", "1e-300",
                "2.2250738585072011e-308", "4.9e-324", "1.7976931348623157e308", "9007199254740993", "101.255000000000001"));
        for (int i = 0; i < 10_000; i++) {
            texts.add(Double.toString(Double.longBitsToDouble(random.nextLong())).replace("NaN", "0").replace("Infinity", "1"));
            texts.add(String.format(Locale.ROOT, "%.6f", random.nextDouble() * 1000));
        }
        for (String text : texts) {
            double read = Json.mapper().readValue("{\"v\":" + text + "}", TestDouble.class).v();
            assertEquals(Double.doubleToLongBits(Double.parseDouble(text)), Double.doubleToLongBits(read), text);
        }
    }

    @Test
    void shouldWriteEachDoubleAsTheShortestTextThatReadsBackAsIt() throws Exception {
        assertTrue(Json.mapper().getFactory().isEnabled(StreamWriteFeature.USE_FAST_DOUBLE_WRITER));
        assertEquals("{\"v\":21.4}", Json.mapper().writeValueAsString(new TestDouble(21.4)));
        assertEquals("{\"v\":1.0E-5}", Json.mapper().writeValueAsString(new TestDouble(1e-5)));
        assertEquals("{\"v\":1.0E7}", Json.mapper().writeValueAsString(new TestDouble(1e7)));
        assertEquals("{\"v\":-0.0}", Json.mapper().writeValueAsString(new TestDouble(-0.0)));
        // Java 17's Double.toString writes these two as 2.82879384806159008E17 and 9.999999999999999E22.
        assertEquals("{\"v\":2.82879384806159E17}", Json.mapper().writeValueAsString(new TestDouble(2.82879384806159E17)));
        assertEquals("{\"v\":1.0E23}", Json.mapper().writeValueAsString(new TestDouble(1.0E23)));
        Random random = new Random(7);
        for (int i = 0; i < 20_000; i++) {
            double v = i % 2 == 0 ? Double.longBitsToDouble(random.nextLong()) : Math.round(random.nextDouble() * 1e6) / 100.0;
            if (!Double.isFinite(v)) {
                continue;
            }
            for (ObjectMapper mapper : List.of(Json.mapper(), Json.mapperFor(TestDouble.class))) {
                String text = mapper.writeValueAsString(new TestDouble(v));
                double read = mapper.readValue(text, TestDouble.class).v();
                assertEquals(Double.doubleToLongBits(v), Double.doubleToLongBits(read), text);
                String number = text.substring(5, text.length() - 1);
                assertTrue(number.length() <= Double.toString(v).length(), text + " longer than " + v);
            }
        }
    }

    record TestDouble(double v) {
    }

    record TestKind(Severity severity, int count) {
    }

    @Test
    void shouldReadFixedNamedTypesWithTheNameTableAndKeyedOnesWithout() {
        assertNotSame(Json.mapper(), Json.mapperFor(TestEvent.class));
        assertSame(Json.mapper(), Json.mapperFor(Alert.class)); // its details are a map
        assertTrue(Json.mapperFor(TestEvent.class).getFactory().isEnabled(JsonFactory.Feature.CANONICALIZE_FIELD_NAMES));
        assertFalse(Json.mapper().getFactory().isEnabled(JsonFactory.Feature.CANONICALIZE_FIELD_NAMES));
    }

    @Test
    void shouldApplyTheSameRulesThroughEitherMapper() throws Exception {
        for (ObjectMapper mapper : List.of(Json.mapper(), Json.mapperFor(TestKind.class))) {
            assertEquals(new TestKind(Severity.INFO, 2),
                    mapper.readValue(bytes("{\"severity\":\"INFO\",\"count\":2,\"extra\":[1]}"), TestKind.class));
            assertThrows(java.io.IOException.class, () -> mapper.readValue(bytes("{\"count\":null}"), TestKind.class));
            assertThrows(java.io.IOException.class, () -> mapper.readValue(bytes("{\"severity\":1,\"count\":2}"), TestKind.class));
            assertThrows(java.io.IOException.class, () -> mapper.readValue(bytes("{\"count\":2} {}"), TestKind.class));
            assertEquals("{\"count\":2}", mapper.writeValueAsString(new TestKind(null, 2)));
            assertTrue(mapper.getFactory().isEnabled(StreamReadFeature.USE_FAST_DOUBLE_PARSER));
            assertEquals(21.4, mapper.readValue(bytes("{\"v\":21.4}"), TestDouble.class).v());
        }
    }

    @Test
    void shouldRejectJsonNull() {
        assertThrows(SerializationException.class, () -> serde.deserialize("t", bytes("null")));
    }

    @Test
    void shouldWriteAlertDetailsFlattenedAndReadThemBack() {
        JsonSerde<Alert> alerts = JsonSerde.of(Alert.class);
        Alert alert = new Alert("a-1", "iot", "THRESHOLD", Severity.CRITICAL, "dev-1", "too hot",
                Instant.parse("2026-11-22T10:15:30.123Z"), Map.of("value", 31.5));
        String json = alerts.toJson(alert);
        assertEquals("{\"alertId\":\"a-1\",\"app\":\"iot\",\"type\":\"THRESHOLD\",\"severity\":\"CRITICAL\",\"key\":\"dev-1\","
                + "\"message\":\"too hot\",\"timestamp\":\"2026-11-22T10:15:30.123Z\",\"value\":31.5}", json);
        assertEquals(alert, alerts.deserialize("t", bytes(json)));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
