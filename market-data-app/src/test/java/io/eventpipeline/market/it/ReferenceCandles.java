package io.eventpipeline.market.it;

import io.eventpipeline.market.MarketTopics;
import io.eventpipeline.market.event.Candle;
import io.eventpipeline.market.event.Tick;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Candles computed straight from the records of {@code market.ticks}, without Kafka Streams: what the app's
 * candles must equal. Records are taken per partition in offset order (a symbol lives in one partition);
 * invalid ones are counted and skipped; a tick whose sequence is not above its symbol's highest so far is a
 * duplicate. The replays it checks stay within the grace period, so no tick is too late.
 */
final class ReferenceCandles {

    private final Map<String, TreeMap<Instant, List<Tick>>> minutes = new HashMap<>();
    private final Map<String, TreeMap<Instant, List<Tick>>> seconds = new HashMap<>();
    private long invalid;
    private long duplicates;

    ReferenceCandles(List<ConsumerRecord<byte[], byte[]>> records) {
        Map<String, Long> highest = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            Tick tick;
            try {
                tick = MarketTopics.TICKS.valueSerde().deserializer().deserialize(record.topic(), record.value());
            } catch (RuntimeException e) {
                invalid++;
                continue;
            }
            Long last = highest.get(tick.symbol());
            if (last != null && tick.sequence() <= last) {
                duplicates++;
                continue;
            }
            highest.put(tick.symbol(), tick.sequence());
            add(minutes, tick, Duration.ofMinutes(1));
            add(seconds, tick, Duration.ofSeconds(1));
        }
    }

    private static void add(Map<String, TreeMap<Instant, List<Tick>>> windows, Tick tick, Duration size) {
        long at = tick.timestamp().toEpochMilli();
        Instant start = Instant.ofEpochMilli(at - Math.floorMod(at, size.toMillis()));
        windows.computeIfAbsent(tick.symbol(), s -> new TreeMap<>()).computeIfAbsent(start, s -> new ArrayList<>()).add(tick);
    }

    long invalid() {
        return invalid;
    }

    long duplicates() {
        return duplicates;
    }

    List<String> symbols() {
        return minutes.keySet().stream().sorted().toList();
    }

    /** The symbol's 1-minute candles, oldest first. */
    List<Candle> minutes(String symbol) {
        return candles(symbol, "1m", minutes.get(symbol), Duration.ofMinutes(1));
    }

    /** The symbol's 1-second candles, oldest first. */
    List<Candle> seconds(String symbol) {
        return candles(symbol, "1s", seconds.get(symbol), Duration.ofSeconds(1));
    }

    private static List<Candle> candles(String symbol, String interval, TreeMap<Instant, List<Tick>> windows, Duration size) {
        List<Candle> candles = new ArrayList<>();
        windows.forEach((start, ticks) -> {
            Tick first = ticks.get(0);
            Tick last = ticks.get(0);
            double high = Double.NEGATIVE_INFINITY;
            double low = Double.POSITIVE_INFINITY;
            long volume = 0;
            double notional = 0;
            for (Tick t : ticks) {
                if (t.timestamp().isBefore(first.timestamp())
                        || (t.timestamp().equals(first.timestamp()) && t.sequence() < first.sequence())) {
                    first = t;
                }
                if (t.timestamp().isAfter(last.timestamp())
                        || (t.timestamp().equals(last.timestamp()) && t.sequence() > last.sequence())) {
                    last = t;
                }
                high = Math.max(high, t.price());
                low = Math.min(low, t.price());
                volume += t.size();
                notional += t.price() * t.size();
            }
            candles.add(new Candle(symbol, interval, start, start.plus(size), first.price(), high, low, last.price(), volume,
                    ticks.size(), notional / volume));
        });
        return candles;
    }
}
