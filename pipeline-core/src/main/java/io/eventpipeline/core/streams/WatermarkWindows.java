package io.eventpipeline.core.streams;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.BinaryOperator;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.TimestampedKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;

/**
 * A windowed aggregation of partials sent by every task upstream (through a repartition topic), each
 * window closed once on the senders' {@link Watermarks}: what {@code windowedBy(..).aggregate(..)} followed by
 * {@code suppress(untilWindowCloses)} does, closed on the slowest sender's event time instead of the newest
 * record's, and without a suppression buffer (a window is published from the store that sums it).
 *
 * <p><b>Windows.</b> Tumbling ({@code advance == size}) or hopping, aligned to the epoch as Kafka Streams'
 * are. A window {@code [s, s + size)} closes when the watermark reaches {@code s + size + grace}; windows
 * are published in order of start, then key, each exactly once.
 *
 * <p><b>Order of a record.</b> {@link #add} judges a record against the watermark as it stood before the
 * record: a sender's stamp says what it has sent up to and including the record, so the record itself is
 * never late because of its own stamp, and a record that was in time when its sender took it is in time
 * here. Then {@link #advance} takes the record's stamp and publishes what it closed. A window that already
 * closed takes nothing more: a record with no open window left is late ({@code add} returns {@code false}).
 *
 * <p><b>State.</b> The sums live in a timestamped key-value store, one per key and slice of the time line
 * {@code advance} long, keyed {@link TimeIndex#key}{@code (sliceStart, key)}, so that one prefix read finds a
 * slice's keys. A tumbling window is one slice. A hopping window is the sum of the {@code size / advance}
 * slices it covers, added up when it is published: each record is written once, not into every window that
 * holds it (Flink's sliced windows). A slice stays for {@code retain} after the last window over it has closed
 * (for queries) and is then deleted. The start of the next window to publish and the senders'
 * watermarks are kept in a second key-value store; both are written in the same commit as the records
 * they cause, so under exactly-once a restart neither repeats nor skips a window (before the first watermark,
 * the oldest window a record went into is kept there too). One instance per task, made
 * in the processor's {@code init}; not thread-safe.
 *
 * @param <V> the aggregate
 */
public final class WatermarkWindows<V> {

    private static final String NEXT = "next";
    private static final String SENDER = "sender-";
    /** Before the first watermark: the start of the oldest window a record went into (so a restart publishes it too). */
    private static final String OLDEST = "oldest";

    private final TimestampedKeyValueStore<String, V> windows;
    private final KeyValueStore<String, Long> meta;
    private final long size;
    private final long advance;
    private final long grace;
    private final long retain;
    /** Slices per window: {@code size / advance}. */
    private final int slices;
    private final BinaryOperator<V> merge;
    private final Watermarks senders;
    /** The start of the oldest window not published; {@code Long.MIN_VALUE} until the first watermark. */
    private long next;
    /** Before the first watermark: the start of the oldest window a record was added to, kept in {@code meta} too. */
    private long oldestAdded;

    /** The sink of closed windows: the window's start, its key and its aggregate with the newest time that went into it. */
    @FunctionalInterface
    public interface Closed<V> {
        void publish(long start, String key, ValueAndTimestamp<V> aggregate);
    }

    /**
     * @param windows the sums per slice, keyed {@code TimeIndex.key(sliceStart, key)}
     * @param meta the next window to publish and the senders' watermarks (keys {@code next}, {@code sender-<p>};
     *        {@code oldest} before the first watermark)
     * @param size window size
     * @param advance window advance ({@code size} for tumbling windows); must divide {@code size}
     * @param grace how long after its end a window waits
     * @param retain how long a slice stays in {@code windows} for queries after the last window over it closed
     *        ({@code 0}: deleted as that window is published); for tumbling windows, how long a closed window stays
     * @param senders the partitions upstream, each waited for from the start ({@link Watermarks#open})
     * @param idleAfter silence after which a sender holds nothing back ({@link Watermarks})
     * @param merge combines two aggregates of one key and window
     * @param now wall clock, epoch millis
     */
    public WatermarkWindows(TimestampedKeyValueStore<String, V> windows, KeyValueStore<String, Long> meta, Duration size,
                            Duration advance, Duration grace, Duration retain, int senders, Duration idleAfter,
                            BinaryOperator<V> merge, long now) {
        this.windows = Objects.requireNonNull(windows, "windows");
        this.meta = Objects.requireNonNull(meta, "meta");
        this.size = size.toMillis();
        this.advance = advance.toMillis();
        this.grace = grace.toMillis();
        this.merge = Objects.requireNonNull(merge, "merge");
        if (this.advance < 1 || this.size < this.advance || this.size % this.advance != 0) {
            throw new IllegalArgumentException("advance must be positive and divide size, got " + advance + " and " + size);
        }
        this.slices = (int) (this.size / this.advance);
        // Whole advances: a slice is deleted when the window that many advances after it is published.
        this.retain = -Math.floorDiv(-retain.toMillis(), this.advance) * this.advance;
        if (this.grace < 0 || this.retain < 0) {
            throw new IllegalArgumentException("grace and retain must not be negative, got " + grace + " and " + retain);
        }
        Long stored = meta.get(NEXT);
        this.next = stored == null ? Long.MIN_VALUE : stored;
        Long oldest = meta.get(OLDEST);
        this.oldestAdded = oldest == null ? Long.MAX_VALUE : oldest;
        this.senders = Watermarks.open(meta, SENDER, senders, idleAfter, now);
    }

    /**
     * Adds {@code value}, of time {@code timestamp}, to its slice of {@code key}, so to every window that
     * contains it and has not closed; {@code false} if none is open (the record is late).
     */
    public boolean add(String key, V value, long timestamp) {
        long slice = timestamp - Math.floorMod(timestamp, advance); // also the start of the newest window containing it
        if (next != Long.MIN_VALUE && slice < next) {
            return false; // every window containing it closed
        }
        String sliceKey = TimeIndex.key(slice, key);
        ValueAndTimestamp<V> sum = windows.get(sliceKey);
        windows.put(sliceKey, sum == null ? ValueAndTimestamp.make(value, timestamp)
                : ValueAndTimestamp.make(merge.apply(sum.value(), value), Math.max(sum.timestamp(), timestamp)));
        long oldestWindow = slice - size + advance; // the oldest window containing it
        if (next == Long.MIN_VALUE && oldestWindow < oldestAdded) {
            oldestAdded = oldestWindow;
            meta.put(OLDEST, oldestWindow); // a restart before the first watermark must not leave this window behind
        }
        return true;
    }

    /** Takes the watermark stamped on {@code headers}, received at {@code now}, and publishes every window it closed. */
    public void advance(Headers headers, long now, Closed<V> closed) {
        senders.observe(headers, now);
        long watermark = senders.current(now);
        if (watermark == Long.MIN_VALUE) {
            return;
        }
        long closedThrough = watermark - size - grace; // a window starting at or before it has closed
        if (next == Long.MIN_VALUE) {
            // The oldest window open at the first watermark, or older if a record went into one.
            long firstOpen = closedThrough - Math.floorMod(closedThrough, advance) + advance;
            next = Math.min(firstOpen, oldestAdded);
            meta.put(NEXT, next);
            meta.delete(OLDEST);
        }
        if (next > closedThrough) {
            return;
        }
        for (; next <= closedThrough; next += advance) {
            publish(next, closed);
            if (retain > 0) {
                delete(next - retain);
            }
        }
        meta.put(NEXT, next);
        senders.save();
    }

    /** The start of the oldest window not yet published; {@code Long.MIN_VALUE} before the first watermark. */
    public long next() {
        return next;
    }

    /** Publishes the window starting at {@code start}, then deletes its first slice unless retained (no later window covers it). */
    private void publish(long start, Closed<V> closed) {
        List<String> keys = new ArrayList<>();
        String prefix = TimeIndex.key(start, "");
        if (slices == 1) {
            try (KeyValueIterator<String, ValueAndTimestamp<V>> sums = windows.prefixScan(prefix, new StringSerializer())) {
                while (sums.hasNext()) {
                    KeyValue<String, ValueAndTimestamp<V>> sum = sums.next();
                    closed.publish(start, sum.key.substring(prefix.length()), sum.value);
                    keys.add(sum.key);
                }
            }
        } else {
            Map<String, ValueAndTimestamp<V>> window = new TreeMap<>(); // in key order, as a tumbling window's
            for (int i = 0; i < slices; i++) {
                String slicePrefix = TimeIndex.key(start + i * advance, "");
                try (KeyValueIterator<String, ValueAndTimestamp<V>> sums = windows.prefixScan(slicePrefix, new StringSerializer())) {
                    while (sums.hasNext()) {
                        KeyValue<String, ValueAndTimestamp<V>> sum = sums.next();
                        window.merge(sum.key.substring(slicePrefix.length()), sum.value, (a, b) ->
                                ValueAndTimestamp.make(merge.apply(a.value(), b.value()), Math.max(a.timestamp(), b.timestamp())));
                        if (i == 0) {
                            keys.add(sum.key);
                        }
                    }
                }
            }
            window.forEach((key, sum) -> closed.publish(start, key, sum));
        }
        if (retain == 0) {
            keys.forEach(windows::delete);
        }
    }

    /** Deletes the slice starting at {@code start}, kept since the last window over it closed. */
    private void delete(long start) {
        List<String> keys = new ArrayList<>();
        try (KeyValueIterator<String, ValueAndTimestamp<V>> sums = windows.prefixScan(TimeIndex.key(start, ""), new StringSerializer())) {
            sums.forEachRemaining(sum -> keys.add(sum.key));
        }
        keys.forEach(windows::delete);
    }
}
