package io.eventpipeline.core.streams;

import io.eventpipeline.core.streams.internal.CommitHook;
import io.eventpipeline.core.streams.internal.PreAggregateProcessor;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.kstream.Aggregator;
import org.apache.kafka.streams.kstream.Initializer;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.KeyValueMapper;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * Pre-aggregation ("local combine"): aggregates records per target key and event-time bucket inside each
 * task, and sends the partial aggregates on at a fixed wall-clock interval instead of every record. Put
 * it in front of a re-keying aggregation so that the repartition topic carries a few partials per key and
 * interval instead of every event.
 *
 * <p><b>Output.</b> Every {@code flushInterval}, and whenever a record falls in a newer bucket than any
 * before it in the task (then only the older buckets), each buffered (key, bucket) leaves as one record: the new
 * key, the partial aggregate, and as timestamp the largest event time that went into it (so it falls in
 * the same windows as its events, provided the bucket divides the downstream window size and advance;
 * Kafka Streams' windows are aligned to the epoch, so a 1-minute bucket fits 1-minute tumbling and
 * 5-minute/1-minute hopping windows alike). The buffer is then emptied. So a partial reaches its window at
 * most {@code flushInterval} after its records (in wall-clock time), or before the first record of a later
 * bucket is buffered: input consumed past the start of a new bucket implies the older buckets were sent.
 * Records come out in bucket-then-key byte order, not arrival order; downstream must combine partials with an associative, commutative
 * operation (a sum, say), since one key and bucket may leave several partials over time.
 *
 * <p><b>Watermarks.</b> Each partial carries the task's watermark in its headers ({@link Watermarks}): the
 * newest record time the task has taken (records skipped included), held back to the oldest record time of
 * any partial not sent yet, so that a downstream {@link WatermarkWindows} closes no window that a partial
 * still buffered here was in time for.
 *
 * <p><b>Guarantees.</b> The partials are objects in memory, written to the buffer, a changelogged state
 * store, once per commit; under exactly-once the partials a flush sends and the buffer's emptying commit
 * together, and after a crash the buffer is restored, so every record is counted once. Records for which {@code keyOf} returns {@code null} are skipped. An exception
 * from {@code keyOf} or the aggregator is a processing failure of that one record (dead-lettered by the
 * app's handler).
 *
 * @param name the processor's name; the buffer store is {@code <name>-buffer}
 * @param bucket the event-time bucket (e.g. one minute)
 * @param flushInterval how often (wall clock) partials leave
 * @param keyOf the target key of a record, or {@code null} to skip it
 * @param initializer a fresh partial aggregate
 * @param aggregator adds one record to a partial aggregate
 * @param keySerde the target key's serde (buffer keys)
 * @param aggregateSerde the partial aggregate's serde (buffer values)
 */
public record PreAggregation<KIn, VIn, K, A>(
        String name,
        Duration bucket,
        Duration flushInterval,
        KeyValueMapper<? super KIn, ? super VIn, ? extends K> keyOf,
        Initializer<A> initializer,
        Aggregator<? super K, ? super VIn, A> aggregator,
        Serde<K> keySerde,
        Serde<A> aggregateSerde) {

    public PreAggregation {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(keyOf, "keyOf");
        Objects.requireNonNull(initializer, "initializer");
        Objects.requireNonNull(aggregator, "aggregator");
        Objects.requireNonNull(keySerde, "keySerde");
        Objects.requireNonNull(aggregateSerde, "aggregateSerde");
        if (bucket.isNegative() || bucket.isZero()) {
            throw new IllegalArgumentException("bucket must be positive, got " + bucket);
        }
        if (flushInterval.isNegative() || flushInterval.isZero()) {
            throw new IllegalArgumentException("flushInterval must be positive, got " + flushInterval);
        }
    }

    /**
     * A pre-aggregation that counts records per key and bucket.
     */
    public static <KIn, VIn, K> PreAggregation<KIn, VIn, K, Long> counting(
            String name, Duration bucket, Duration flushInterval,
            KeyValueMapper<? super KIn, ? super VIn, ? extends K> keyOf, Serde<K> keySerde) {
        return new PreAggregation<>(name, bucket, flushInterval, keyOf, () -> 0L, (key, value, count) -> count + 1,
                keySerde, Serdes.Long());
    }

    /** The buffer store's name. */
    public String storeName() {
        return name + "-buffer";
    }

    /** The name of the hook that writes the partials to the buffer store at each commit. */
    public String commitHookName() {
        return name + "-commit";
    }

    /**
     * Applies this pre-aggregation to {@code stream}. The result is marked for repartitioning, so a
     * following {@code groupByKey} sends the partials to the owners of their keys.
     */
    public KStream<K, A> applyTo(KStream<KIn, VIn> stream) {
        return stream.process(new Supplier(), Named.as(name));
    }

    private final class Supplier implements ProcessorSupplier<KIn, VIn, K, A> {

        @Override
        public Processor<KIn, VIn, K, A> get() {
            return new PreAggregateProcessor<>(PreAggregation.this);
        }

        @Override
        public Set<StoreBuilder<?>> stores() {
            // In memory and changelogged: the buffer is small (keys x open buckets) and emptied every
            // flush, so RocksDB would buy nothing; the changelog makes it durable. Uncached: the processor
            // writes it once per commit, and those writes must reach the changelog in that commit.
            return Set.of(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(storeName()),
                    Serdes.Bytes(), Serdes.ByteArray()).withCachingDisabled(), CommitHook.builder(commitHookName()));
        }
    }
}
