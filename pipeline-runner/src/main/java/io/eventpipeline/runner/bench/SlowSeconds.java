package io.eventpipeline.runner.bench;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Latency samples by the wall-clock second they were read in, to tell which seconds made a percentile: a p99
 * far above the p50 is often a few seconds at a window boundary (a minute's alerts or candles closing at once),
 * and those seconds' times say which boundary. Thread-safe.
 */
final class SlowSeconds {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);

    /** One second's samples: how many, and the largest. */
    record Second(long epochSecond, long records, long maxMillis) {
    }

    private final Map<Long, long[]> seconds = new HashMap<>();

    /** A sample of {@code millis} read at {@code readAt} (epoch ms). */
    synchronized void add(long readAt, long millis) {
        long[] second = seconds.computeIfAbsent(Math.floorDiv(readAt, 1000L), s -> new long[2]);
        second[0]++;
        second[1] = Math.max(second[1], millis);
    }

    /** The {@code n} seconds with the largest samples, largest first. */
    synchronized List<Second> slowest(int n) {
        List<Second> all = new ArrayList<>();
        seconds.forEach((s, v) -> all.add(new Second(s, v[0], v[1])));
        all.sort(Comparator.comparingLong(Second::maxMillis).reversed().thenComparingLong(Second::epochSecond));
        return List.copyOf(all.subList(0, Math.min(n, all.size())));
    }

    /** The slowest {@code n} seconds as {@code HH:mm:ss max ms (records)}, UTC, largest first; empty without samples. */
    String describe(int n) {
        List<String> parts = new ArrayList<>();
        for (Second s : slowest(n)) {
            parts.add(String.format(Locale.ROOT, "%s %,d ms (%,d)", TIME.format(Instant.ofEpochSecond(s.epochSecond())),
                    s.maxMillis(), s.records()));
        }
        return String.join(", ", parts);
    }
}
