package io.eventpipeline.clickstream.generator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eventpipeline.clickstream.ClickstreamTopics;
import io.eventpipeline.clickstream.event.ClickEvent;
import io.eventpipeline.clickstream.event.EventType;
import io.eventpipeline.core.generator.EventFactory;
import io.eventpipeline.core.reactive.Outbound;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class ClickstreamGeneratorTest {

    private static final Instant START = Instant.parse("2026-11-20T10:00:00Z");

    private static List<Outbound<String, byte[]>> generate(Map<String, String> options, long seed, int count) {
        EventFactory<String, byte[]> factory = new ClickstreamGenerator().factory(options);
        SplittableRandom random = new SplittableRandom(seed);
        List<Outbound<String, byte[]>> events = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            events.add(factory.next(i, random, START.plusMillis(i * 2L))); // 500 events per second
        }
        return events;
    }

    @Test
    void shouldMakeTheSameTrafficFromTheSameSeed() {
        List<Outbound<String, byte[]>> first = generate(Map.of(), 7, 2_000);
        List<Outbound<String, byte[]>> second = generate(Map.of(), 7, 2_000);
        for (int i = 0; i < first.size(); i++) {
            assertEquals(first.get(i).key(), second.get(i).key());
            assertEquals(new String(first.get(i).value()), new String(second.get(i).value()));
        }
    }

    @Test
    void shouldMakeAShopFunnelWithBotsAndAShareOfBadRecords() {
        List<Outbound<String, byte[]>> events = generate(Map.of("malformed", "0.01", "bot-share", "0.05"), 1, 60_000);
        Map<EventType, Integer> byType = new EnumMap<>(EventType.class);
        Map<String, Integer> byUser = new HashMap<>();
        int bad = 0;
        for (Outbound<String, byte[]> event : events) {
            try {
                ClickEvent click = ClickstreamTopics.EVENTS.valueSerde().deserializer().deserialize("t", event.value());
                byType.merge(click.type(), 1, Integer::sum);
                byUser.merge(click.userId(), 1, Integer::sum);
                assertEquals(click.userId(), event.key(), "keyed by user");
            } catch (SerializationException e) {
                bad++;
            }
        }
        assertTrue(bad > 400 && bad < 800, "about 1% bad records, was " + bad);
        int views = byType.get(EventType.PAGE_VIEW);
        assertTrue(byType.get(EventType.ADD_TO_CART) < views / 5, "fewer carts than views: " + byType);
        assertTrue(byType.get(EventType.PURCHASE) > 0 && byType.get(EventType.PURCHASE) < byType.get(EventType.ADD_TO_CART),
                "fewer purchases than carts: " + byType);
        assertTrue(byType.get(EventType.SEARCH) > 0 && byType.get(EventType.CLICK) > 0, byType.toString());
        int botEvents = byUser.entrySet().stream().filter(e -> e.getKey().startsWith("bot-")).mapToInt(Map.Entry::getValue).sum();
        assertTrue(botEvents > 2_400 && botEvents < 3_600, "about 5% bot events, was " + botEvents);
        // Humans pause between actions: over the two minutes, nobody human comes near a bot's pace.
        int busiestHuman = byUser.entrySet().stream().filter(e -> !e.getKey().startsWith("bot-"))
                .mapToInt(Map.Entry::getValue).max().orElseThrow();
        assertTrue(busiestHuman <= 120, "a human acts at most once a second, busiest made " + busiestHuman);
    }

    @Test
    void shouldRejectAnUnknownOrMalformedOption() {
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> new ClickstreamGenerator().factory(Map.of("userz", "5")));
        assertTrue(unknown.getMessage().startsWith("unknown option(s) for the clickstream generator: --userz"), unknown.getMessage());
        IllegalArgumentException share = assertThrows(IllegalArgumentException.class,
                () -> new ClickstreamGenerator().factory(Map.of("bot-share", "2")));
        assertEquals("--bot-share must be a share from 0 to 1, was '2'", share.getMessage());
    }
}
