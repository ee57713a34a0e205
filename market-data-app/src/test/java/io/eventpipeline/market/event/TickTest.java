package io.eventpipeline.market.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eventpipeline.market.MarketTopics;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class TickTest {

    private static Tick read(String json) {
        return MarketTopics.TICKS.valueSerde().deserializer().deserialize(MarketTopics.TICKS.name(), json.getBytes(StandardCharsets.UTF_8));
    }

    private static String reason(String json) {
        return assertThrows(SerializationException.class, () -> read(json)).getMessage();
    }

    @Test
    void shouldReadTheDocumentedShape() {
        Tick tick = read("{\"symbol\":\"ACME\",\"price\":101.25,\"size\":300,\"bid\":101.24,\"ask\":101.26,\"exchange\":\"XNAS\","
                + "\"sequence\":123456,\"timestamp\":\"2026-11-20T14:30:00.123Z\"}");
        assertEquals(new Tick("ACME", 101.25, 300L, 101.24, 101.26, "XNAS", 123456L, Instant.parse("2026-11-20T14:30:00.123Z")), tick);
        assertTrue(tick.hasQuote());
    }

    @Test
    void shouldAcceptATradeWithoutAQuote() {
        Tick tick = read("{\"symbol\":\"ACME\",\"price\":1.5,\"size\":1,\"sequence\":0,\"timestamp\":\"2026-11-20T14:30:00Z\"}");
        assertEquals(false, tick.hasQuote());
    }

    @Test
    void shouldRefuseInvalidTicksNamingTheRule() {
        String rest = ",\"sequence\":1,\"timestamp\":\"2026-11-20T14:30:00Z\"}";
        assertTrue(reason("{\"symbol\":\"A\",\"price\":0,\"size\":1" + rest).contains("price must be positive"));
        assertTrue(reason("{\"symbol\":\"A\",\"price\":-2.5,\"size\":1" + rest).contains("price must be positive"));
        assertTrue(reason("{\"symbol\":\"A\",\"price\":2,\"size\":0" + rest).contains("size must be positive"));
        assertTrue(reason("{\"symbol\":\"A\",\"price\":2,\"size\":1,\"bid\":2.1,\"ask\":2.0" + rest).contains("bid 2.1 above ask 2.0"));
        assertTrue(reason("{\"price\":2,\"size\":1" + rest).contains("missing symbol"));
        assertTrue(reason("{\"symbol\":\"A\",\"price\":2,\"size\":1,\"timestamp\":\"2026-11-20T14:30:00Z\"}").contains("missing sequence"));
        assertTrue(reason("{\"symbol\":\"A\",\"price\":2,\"size\":1,\"sequence\":1,\"timestamp\":\"2999-01-01T00:00:00Z\"}")
                .contains("in the future"));
    }

    @Test
    void shouldRefuseFieldsOfTheWrongType() {
        String rest = ",\"sequence\":1,\"timestamp\":\"2026-11-20T14:30:00Z\"}";
        reason("{\"symbol\":\"A\",\"price\":\"abc\",\"size\":1" + rest);
        reason("{\"symbol\":\"A\",\"price\":2,\"size\":{\"lots\":3}" + rest);
        reason("not json");
    }
}
