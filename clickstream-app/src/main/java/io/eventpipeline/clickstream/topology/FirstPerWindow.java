package io.eventpipeline.clickstream.topology;

import java.time.Duration;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;

/**
 * Lets through only the first record of each key and window, so that a condition that holds for many
 * updates of a window raises one alert, not one per update. Remembers what it let through in a window
 * store that forgets windows older than its retention.
 *
 * @param <V> value type
 */
final class FirstPerWindow<V> implements FixedKeyProcessor<Windowed<String>, V, V> {

    private final String storeName;
    private FixedKeyProcessorContext<Windowed<String>, V> context;
    private WindowStore<String, Long> seen;

    FirstPerWindow(String storeName) {
        this.storeName = storeName;
    }

    /** The store this processor needs: one entry per key and window, kept for {@code retention}. */
    static StoreBuilder<WindowStore<String, Long>> store(String name, Duration windowSize, Duration retention) {
        return Stores.windowStoreBuilder(Stores.persistentWindowStore(name, retention, windowSize, false),
                Serdes.String(), Serdes.Long());
    }

    @Override
    public void init(FixedKeyProcessorContext<Windowed<String>, V> context) {
        this.context = context;
        this.seen = context.getStateStore(storeName);
    }

    @Override
    public void process(FixedKeyRecord<Windowed<String>, V> record) {
        String key = record.key().key();
        long windowStart = record.key().window().start();
        if (seen.fetch(key, windowStart) != null) {
            return;
        }
        seen.put(key, record.timestamp(), windowStart);
        context.forward(record);
    }
}
