package io.eventpipeline.core.streams;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.processor.api.ProcessingContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;

/**
 * A processor's own values in front of its key-value store, written back once per commit: a read after
 * the first comes from memory, not from the store's deserializer, and a key written many times between two
 * commits is serialized and written to the store (and its changelog) once, when the task commits, in the
 * same transaction as the input that led to it ({@link OnCommit}). For a store that this processor alone
 * writes and whose hot keys are written far more often than a task commits (a market's symbols, ticks by
 * the thousand a second): Kafka Streams' own record cache does the same for bytes, but serializes on every put, and its
 * cache, shared by every store of the thread, evicts the store doing the put.
 *
 * <p>The store is read by others as it stood at the task's last commit: interactive queries read the
 * store, not this cache. The {@code capacity} most recently used keys are kept in memory; the keys
 * written since the last commit are kept until it, or written out at once when there are more than
 * {@code capacity} of them. Values must not be changed once put (records, copied collections).
 *
 * <p>Add the store with {@link #addStores} and connect the processor to the names it returns; make the
 * cache in the processor's {@code init} with {@link #open}: Kafka Streams calls it again whenever the
 * task's state is rebuilt, and the cache must start empty then. One instance per task, not thread-safe.
 *
 * @param <K> key
 * @param <V> value
 */
public final class WriteBackCache<K, V> {

    private final KeyValueStore<K, V> store;
    private final int capacity;
    private final Map<K, V> values;
    private final Map<K, V> written = new HashMap<>();

    WriteBackCache(KeyValueStore<K, V> store, int capacity) {
        this.store = Objects.requireNonNull(store, "store");
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive, got " + capacity);
        }
        this.capacity = capacity;
        this.values = new LinkedHashMap<>(Math.min(capacity, 1 << 16), 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > capacity;
            }
        };
    }

    /**
     * Adds {@code store} to {@code builder} with its record cache disabled (this cache takes its place,
     * and a write at commit must reach the changelog at once), and beside it the hook that writes this
     * cache back at every commit. Returns the names of both, for the processor to connect to.
     */
    public static <K, V> String[] addStores(StreamsBuilder builder, StoreBuilder<KeyValueStore<K, V>> store) {
        builder.addStateStore(store.withCachingDisabled());
        return new String[] {store.name(), OnCommit.add(builder, hookName(store.name()))};
    }

    /** The cache over the store named {@code storeName}, added with {@link #addStores}, written back at each commit. */
    public static <K, V> WriteBackCache<K, V> open(ProcessingContext context, String storeName, int capacity) {
        KeyValueStore<K, V> store = context.getStateStore(storeName);
        WriteBackCache<K, V> cache = new WriteBackCache<>(store, capacity);
        OnCommit.register(context, hookName(storeName), cache::writeBack);
        return cache;
    }

    static String hookName(String storeName) {
        return storeName + "-commit";
    }

    /** The value of {@code key}: from memory if it was read or written lately, else from the store. */
    public V get(K key) {
        V value = values.get(key);
        if (value != null) {
            return value;
        }
        if (written.containsKey(key)) {
            return written.get(key); // written since the last commit, then pushed out of the recent keys
        }
        value = store.get(key);
        if (value != null) {
            values.put(key, value);
        }
        return value;
    }

    /** Keeps {@code value} for {@code key}, written to the store at the next commit; {@code null} deletes. */
    public void put(K key, V value) {
        if (value == null) {
            values.remove(key);
        } else {
            values.put(key, value);
        }
        written.put(key, value);
        if (written.size() > capacity) {
            writeBack();
        }
    }

    /** Writes every value put since the last write-back to the store, in one batch. */
    void writeBack() {
        if (written.isEmpty()) {
            return;
        }
        List<KeyValue<K, V>> batch = new ArrayList<>(written.size());
        for (Map.Entry<K, V> entry : written.entrySet()) {
            batch.add(KeyValue.pair(entry.getKey(), entry.getValue()));
        }
        store.putAll(batch);
        written.clear();
    }

    /** How many values are held in memory. */
    public int size() {
        return values.size();
    }

    /** How many keys were written since the last write-back. */
    int pending() {
        return written.size();
    }
}
