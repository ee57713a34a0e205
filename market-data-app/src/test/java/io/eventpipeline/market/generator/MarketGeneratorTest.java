package io.eventpipeline.market.generator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eventpipeline.core.generator.EventFactory;
import io.eventpipeline.core.reactive.Outbound;
import io.eventpipeline.market.MarketTopics;
import io.eventpipeline.market.event.Tick;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class MarketGeneratorTest {

    private static final Instant START = Instant.parse("2026-11-20T14:30:00Z");
    private static final Map<String, String> NO_FAULTS = Map.of("symbols", "50", "jumps", "0", "bursts", "0", "gaps", "0",
            "duplicates", "0", "late", "0", "crossed", "0", "malformed", "0");

    private static List<Outbound<String, byte[]>> generate(Map<String, String> options, long seed, int count) {
        EventFactory<String, byte[]> factory = new MarketGenerator().factory(options);
        SplittableRandom random = new SplittableRandom(seed);
        List<Outbound<String, byte[]>> records = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            records.add(factory.next(i, random, START.plusMillis(i * 10L)));
        }
        return records;
    }

    private static Tick read(Outbound<String, byte[]> record) {
        return MarketTopics.TICKS.valueSerde().deserializer().deserialize("t", record.value());
    }

    @Test
    void shouldNameSymbolsWithLetters() {
        assertEquals("AAA", TradingDay.symbol(0));
        assertEquals("AAZ", TradingDay.symbol(25));
        assertEquals("ABA", TradingDay.symbol(26));
        assertEquals("BAAA", TradingDay.symbol(26 * 26 * 26));
    }

    @Test
    void shouldMakeValidGaplessTicksWithZipfActivity() {
        Map<String, Long> sequences = new HashMap<>();
        Map<String, Integer> counts = new HashMap<>();
        for (Outbound<String, byte[]> record : generate(NO_FAULTS, 1, 20_000)) {
            Tick tick = read(record);
            assertEquals(record.key(), tick.symbol());
            assertTrue(tick.bid() < tick.price() && tick.price() < tick.ask(), tick.toString());
            assertEquals(0, tick.size() % 100, "round lots");
            long expected = sequences.getOrDefault(tick.symbol(), 0L) + 1;
            assertEquals(expected, tick.sequence(), "sequences count up per symbol without gaps");
            sequences.put(tick.symbol(), tick.sequence());
            counts.merge(tick.symbol(), 1, Integer::sum);
        }
        assertTrue(counts.get("AAA") > 5 * counts.getOrDefault(TradingDay.symbol(30), 0),
                "the first symbol trades far more than the thirty-first: " + counts);
    }

    @Test
    void shouldInjectEachKindOfFault() {
        Map<String, String> faulty = Map.of("symbols", "5", "jumps", "0.01", "bursts", "0.01", "gaps", "0.01",
                "duplicates", "0.01", "late", "0.01", "crossed", "0.01", "malformed", "0.01");
        Map<String, Integer> faults = new TreeMap<>();
        Map<String, Long> sequences = new HashMap<>();
        List<Outbound<String, byte[]>> records = generate(faulty, 3, 20_000);
        for (int i = 0; i < records.size(); i++) {
            Outbound<String, byte[]> record = records.get(i);
            if (i > 0 && Arrays.equals(records.get(i - 1).value(), record.value())) {
                faults.merge("duplicate", 1, Integer::sum);
                continue;
            }
            Tick tick;
            try {
                tick = read(record);
            } catch (SerializationException e) {
                faults.merge("malformed", 1, Integer::sum);
                continue;
            }
            long last = sequences.getOrDefault(tick.symbol(), 0L);
            sequences.put(tick.symbol(), tick.sequence());
            if (tick.sequence() > last + 1) {
                faults.merge("gap", 1, Integer::sum);
            }
            if (tick.timestamp().isBefore(START.plusMillis(i * 10L))) {
                faults.merge("late", 1, Integer::sum);
            }
            if (tick.size() >= 100L * TradingDay.BURST_FACTOR) {
                faults.merge("burst", 1, Integer::sum);
            }
            if (tick.bid() > tick.price()) {
                faults.merge("crossed", 1, Integer::sum);
            }
        }
        // About 200 of each in 20,000 records (bursts last twenty trades); at least 100 of each.
        assertEquals(List.of("burst", "crossed", "duplicate", "gap", "late", "malformed"), List.copyOf(faults.keySet()));
        faults.forEach((kind, n) -> assertTrue(n > 100, kind + ": " + faults));
    }

    @Test
    void shouldBeDeterministicForASeed() {
        List<Outbound<String, byte[]>> a = generate(Map.of(), 9, 500);
        List<Outbound<String, byte[]>> b = generate(Map.of(), 9, 500);
        for (int i = 0; i < a.size(); i++) {
            assertEquals(a.get(i).key(), b.get(i).key());
            assertTrue(Arrays.equals(a.get(i).value(), b.get(i).value()));
        }
    }

    @Test
    void shouldNameAnUnknownOption() {
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> new MarketGenerator().factory(Map.of("symbolz", "3")));
        assertTrue(unknown.getMessage().contains("--symbolz"), unknown.getMessage());
    }
}
