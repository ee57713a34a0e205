package io.eventpipeline.core.serde;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonFactory;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class StateSerdeTest {

    record Quote(double bid, double ask) {
    }

    record State(String name, double mean, long count, Instant at, Map<String, Quote> quotes, List<String> pages,
                 Double optional) {
    }

    private final StateSerde<State> serde = StateSerde.of(State.class);
    private final State state = new State("ACME", 1.2345678901234567E-5, 42, Instant.parse("2026-11-22T14:30:00.123Z"),
            Map.of("XNAS", new Quote(101.24, 101.26)), List.of("/p/1", "/p/2"), null);

    @Test
    void shouldRoundTripAStateInSmileSmallerThanItsJson() {
        byte[] bytes = serde.serialize("t", state);

        assertEquals(state, serde.deserialize("t", bytes));
        assertEquals((byte) 0xFA, bytes[0], "Smile's start-object byte, no header");
        assertTrue(bytes.length < JsonSerde.of(State.class).serialize("t", state).length);
    }

    @Test
    void shouldKeepAFieldNameTableOnlyForStateWhoseNamesAreAllFixed() {
        assertFalse(Json.smileFor(State.class).getFactory().isEnabled(JsonFactory.Feature.CANONICALIZE_FIELD_NAMES),
                "its quotes are a map: the keys are data");
        assertTrue(Json.smileFor(Quote.class).getFactory().isEnabled(JsonFactory.Feature.CANONICALIZE_FIELD_NAMES));
    }

    @Test
    void shouldReadStatesKeyedByThousandsOfDistinctIds() {
        for (int i = 0; i < 5_000; i++) {
            State keyed = new State("room-" + i, i, i, state.at(), Map.of("dev-" + i, new Quote(i, i + 1),
                    "dev-" + (i + 1), new Quote(i + 1, i + 2)), List.of(), null);

            assertEquals(keyed, serde.deserialize("t", serde.serialize("t", keyed)));
        }
    }

    @Test
    void shouldReadStateThatEarlierVersionsWroteAsJson() {
        byte[] json = JsonSerde.of(State.class).serialize("t", state);
        assertEquals('{', json[0]);

        assertEquals(state, serde.deserialize("t", json));
    }

    @Test
    void shouldKeepEveryDoubleBitForBit() {
        Random random = new Random(11);
        for (int i = 0; i < 5_000; i++) {
            double v = Double.longBitsToDouble(random.nextLong());
            State s = new State("x", v, i, null, Map.of(), List.of(), v);
            State read = serde.deserialize("t", serde.serialize("t", s));
            assertEquals(Double.doubleToRawLongBits(v), Double.doubleToRawLongBits(read.mean()));
        }
    }

    @Test
    void shouldPassNullThroughBothWays() {
        assertNull(serde.serialize("t", null));
        assertNull(serde.deserialize("t", null));
    }

    @Test
    void shouldWrapUnreadableStateWithItsCause() {
        SerializationException smile = assertThrows(SerializationException.class,
                () -> serde.deserialize("store-changelog", new byte[] {(byte) 0xFA, 0x01}));
        assertTrue(smile.getMessage().contains("State state on store-changelog"), smile.getMessage());
        assertInstanceOf(java.io.IOException.class, smile.getCause());

        SerializationException json = assertThrows(SerializationException.class,
                () -> serde.deserialize("t", "{\"count\":".getBytes(StandardCharsets.UTF_8)));
        assertInstanceOf(java.io.IOException.class, json.getCause());
    }
}
