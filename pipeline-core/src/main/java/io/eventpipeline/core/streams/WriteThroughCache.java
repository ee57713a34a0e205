package io.eventpipeline.core.streams;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * A processor's own values in front of its key-value store: a read after the first comes from memory, not
 * from the store's deserializer, and every write goes through to the store (and so its changelog) at once,
 * so the store stays the truth for queries, restores and commits. For a store that this processor alone
 * writes and a working set that fits (a market's symbols, say): the {@code capacity} most recently used
 * keys are kept. Values must not be changed once put (records, copied collections).
 *
 * <p>Make one in the processor's {@code init}: Kafka Streams calls it again whenever the task's state is
 * rebuilt, and the cache must start empty then. One instance per task, not thread-safe.
 *
 * @param <K> key
 * @param <V> value
 */
public final class WriteThroughCache<K, V> {

    private final KeyValueStore<K, V> store;
    private final Map<K, V> values;

    public WriteThroughCache(KeyValueStore<K, V> store, int capacity) {
        this.store = Objects.requireNonNull(store, "store");
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive, got " + capacity);
        }
        this.values = new LinkedHashMap<>(Math.min(capacity, 1 << 16), 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > capacity;
            }
        };
    }

    /** The value of {@code key}: from memory if it was read or written lately, else from the store. */
    public V get(K key) {
        V value = values.get(key);
        if (value == null) {
            value = store.get(key);
            if (value != null) {
                values.put(key, value);
            }
        }
        return value;
    }

    /** Writes {@code value} to the store and keeps it; {@code null} deletes. */
    public void put(K key, V value) {
        store.put(key, value);
        if (value == null) {
            values.remove(key);
        } else {
            values.put(key, value);
        }
    }

    /** How many values are held in memory. */
    public int size() {
        return values.size();
    }
}
