package io.eventpipeline.core.streams;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.ToLongFunction;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.processor.api.ProcessingContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.TimestampedWindowStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;

/**
 * A processor's own values of open tumbling windows in front of a timestamped window store, written back
 * once per commit: the window-store counterpart of {@link WriteBackCache}, for a windowed aggregation
 * written by this processor alone whose keys are updated many times a commit. A window is kept in memory
 * from its first read until the write-back after it closes ({@link #closeThrough}), so memory holds the
 * keys of the open windows only. A window that starts after every window the store held at open, and has not
 * closed, is answered from memory alone: all of it that exists was put here, and a key not in memory has no
 * value in it, where a store read would look for it in RocksDB (which finds a missing key through an
 * exception of its own, in the version Kafka Streams ships, and such misses were most of a bot-detection
 * task's store reads: a user's event mostly opens a new window).
 *
 * <p>The store is read by others as it stood at the task's last commit. Values must not be changed once
 * put. Add the store with {@link #addStores} and connect the processor to the names it returns; make the
 * cache in the processor's {@code init} with {@link #open}. One instance per task, not thread-safe.
 *
 * @param <K> key
 * @param <V> value
 */
public final class WindowWriteBack<K, V> {

    private final TimestampedWindowStore<K, V> store;
    private final long size;
    private final ToLongFunction<V> timestamp;
    private final TreeMap<Long, Map<K, Slot<K, V>>> windows = new TreeMap<>();
    private final List<Slot<K, V>> written = new ArrayList<>();
    private long closedThrough = Long.MIN_VALUE;
    /** The start of the newest window the store held at open, or {@code Long.MIN_VALUE} if it held none. */
    private final long newestStored;

    WindowWriteBack(TimestampedWindowStore<K, V> store, Duration size, ToLongFunction<V> timestamp) {
        this.store = Objects.requireNonNull(store, "store");
        this.size = size.toMillis();
        if (this.size < 1) {
            throw new IllegalArgumentException("window size must be positive, got " + size);
        }
        this.timestamp = Objects.requireNonNull(timestamp, "timestamp");
        long newest = Long.MIN_VALUE;
        try (KeyValueIterator<Windowed<K>, ValueAndTimestamp<V>> all = store.all()) {
            while (all.hasNext()) {
                newest = Math.max(newest, all.next().key.window().start());
            }
        }
        this.newestStored = newest;
    }

    /**
     * Adds {@code store} to {@code builder} with its record cache disabled, and beside it the hook that
     * writes this cache back at every commit; returns the names of both, for the processor to connect to.
     */
    public static <K, V> String[] addStores(StreamsBuilder builder, StoreBuilder<TimestampedWindowStore<K, V>> store) {
        builder.addStateStore(store.withCachingDisabled());
        return new String[] {store.name(), OnCommit.add(builder, WriteBackCache.hookName(store.name()))};
    }

    /**
     * The cache over the window store named {@code storeName} (added with {@link #addStores}) of windows
     * {@code size} long; {@code timestamp} gives the timestamp stored with a value.
     */
    public static <K, V> WindowWriteBack<K, V> open(ProcessingContext context, String storeName, Duration size,
                                                    ToLongFunction<V> timestamp) {
        TimestampedWindowStore<K, V> store = context.getStateStore(storeName);
        WindowWriteBack<K, V> cache = new WindowWriteBack<>(store, size, timestamp);
        OnCommit.register(context, WriteBackCache.hookName(storeName), cache::writeBack);
        return cache;
    }

    /** The start of the window of {@code epochMillis}. */
    public long windowStart(long epochMillis) {
        return epochMillis - Math.floorMod(epochMillis, size);
    }

    /** The value of {@code key} in the window starting at {@code start}: from memory, else from the store; {@code null} if none. */
    public V get(K key, long start) {
        Map<K, Slot<K, V>> window = windows.get(start);
        Slot<K, V> slot = window == null ? null : window.get(key);
        if (slot != null) {
            return slot.value;
        }
        boolean forgotten = closedThrough != Long.MIN_VALUE && start <= closedThrough - size;
        if (start > newestStored && !forgotten) {
            return null; // all of this window that exists is in memory
        }
        ValueAndTimestamp<V> stored = store.fetch(key, start);
        return stored == null ? null : stored.value();
    }

    /** Keeps {@code value} for {@code key} in the window starting at {@code start}, written to the store at the next commit. */
    public void put(K key, long start, V value) {
        Objects.requireNonNull(value, "value");
        Slot<K, V> slot = windows.computeIfAbsent(start, s -> new HashMap<>()).computeIfAbsent(key, k -> new Slot<>(k, start));
        slot.value = value;
        if (!slot.written) {
            slot.written = true;
            written.add(slot);
        }
    }

    /** Windows ending at or before {@code epochMillis} are closed: they leave memory at the next write-back. */
    public void closeThrough(long epochMillis) {
        closedThrough = Math.max(closedThrough, epochMillis);
    }

    /** Writes every value put since the last write-back to the store; forgets the closed windows. */
    void writeBack() {
        for (Slot<K, V> slot : written) {
            store.put(slot.key, ValueAndTimestamp.make(slot.value, timestamp.applyAsLong(slot.value)), slot.start);
            slot.written = false;
        }
        written.clear();
        if (closedThrough != Long.MIN_VALUE) {
            windows.headMap(closedThrough - size, true).clear();
        }
    }

    /** How many windows are held in memory. */
    int windowsHeld() {
        return windows.size();
    }

    private static final class Slot<K, V> {

        final K key;
        final long start;
        V value;
        boolean written;

        Slot(K key, long start) {
            this.key = key;
            this.start = start;
        }
    }
}
