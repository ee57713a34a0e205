package io.eventpipeline.core.streams.internal;

import io.eventpipeline.core.streams.PreAggregation;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The processor behind {@link PreAggregation}. Buffer key: bucket start (8 bytes, big-endian) then the
 * serialized target key; buffer value: the largest event time so far (8 bytes) then the serialized
 * partial aggregate.
 */
public final class PreAggregateProcessor<KIn, VIn, K, A> implements Processor<KIn, VIn, K, A> {

    /** The lowest buffer key (bucket starts are epoch milliseconds, so never negative). */
    private static final Bytes BUCKETS_FROM = Bytes.wrap(new byte[Long.BYTES]);

    private final PreAggregation<KIn, VIn, K, A> spec;
    private final long bucketMs;
    private ProcessorContext<K, A> context;
    private KeyValueStore<Bytes, byte[]> buffer;
    private String topic;
    /** The newest bucket a record fell in since this task started. */
    private long newestBucket = Long.MIN_VALUE;

    public PreAggregateProcessor(PreAggregation<KIn, VIn, K, A> spec) {
        this.spec = spec;
        this.bucketMs = spec.bucket().toMillis();
    }

    @Override
    public void init(ProcessorContext<K, A> context) {
        this.context = context;
        this.buffer = context.getStateStore(spec.storeName());
        this.topic = context.applicationId() + "-" + spec.storeName();
        context.schedule(spec.flushInterval(), PunctuationType.WALL_CLOCK_TIME, now -> flush(buffer.all()));
    }

    @Override
    public void process(Record<KIn, VIn> record) {
        K key = spec.keyOf().apply(record.key(), record.value());
        if (key == null) {
            return;
        }
        long bucketStart = Math.floorDiv(record.timestamp(), bucketMs) * bucketMs;
        if (bucketStart > newestBucket) {
            // Event time moved into a new bucket: the older ones are (nearly) complete, send them now.
            newestBucket = bucketStart;
            flush(buffer.range(BUCKETS_FROM, Bytes.wrap(ByteBuffer.allocate(Long.BYTES).putLong(bucketStart).array())));
        }
        byte[] keyBytes = spec.keySerde().serializer().serialize(topic, key);
        Bytes bufferKey = Bytes.wrap(ByteBuffer.allocate(Long.BYTES + keyBytes.length)
                .putLong(bucketStart).put(keyBytes).array());
        byte[] previous = buffer.get(bufferKey);
        A aggregate;
        long maxTime;
        if (previous == null) {
            aggregate = spec.initializer().apply();
            maxTime = record.timestamp();
        } else {
            aggregate = deserializeAggregate(previous);
            maxTime = Math.max(ByteBuffer.wrap(previous).getLong(), record.timestamp());
        }
        aggregate = spec.aggregator().apply(key, record.value(), aggregate);
        byte[] aggregateBytes = spec.aggregateSerde().serializer().serialize(topic, aggregate);
        buffer.put(bufferKey, ByteBuffer.allocate(Long.BYTES + aggregateBytes.length)
                .putLong(maxTime).put(aggregateBytes).array());
    }

    private void flush(KeyValueIterator<Bytes, byte[]> entries) {
        // Read first, then forward and delete: the iterator must not see its own deletions.
        List<KeyValue<Bytes, byte[]>> partials = new ArrayList<>();
        try (entries) {
            entries.forEachRemaining(partials::add);
        }
        for (KeyValue<Bytes, byte[]> partial : partials) {
            byte[] bufferKey = partial.key.get();
            K key = spec.keySerde().deserializer().deserialize(topic,
                    Arrays.copyOfRange(bufferKey, Long.BYTES, bufferKey.length));
            long maxTime = ByteBuffer.wrap(partial.value).getLong();
            context.forward(new Record<>(key, deserializeAggregate(partial.value), maxTime));
            buffer.delete(partial.key);
        }
    }

    private A deserializeAggregate(byte[] bufferValue) {
        return spec.aggregateSerde().deserializer().deserialize(topic,
                Arrays.copyOfRange(bufferValue, Long.BYTES, bufferValue.length));
    }
}
