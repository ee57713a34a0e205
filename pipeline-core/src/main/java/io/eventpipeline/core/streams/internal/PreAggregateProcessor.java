package io.eventpipeline.core.streams.internal;

import io.eventpipeline.core.streams.OnCommit;
import io.eventpipeline.core.streams.PreAggregation;
import io.eventpipeline.core.streams.Watermarks;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The processor behind {@link PreAggregation}. The partials are objects in memory, written to the buffer
 * store once per commit ({@link OnCommit}), not decoded and encoded at every record; the store is what a
 * restarted task starts from. Buffer key: bucket start (8 bytes, big-endian) then the serialized target
 * key; buffer value: the largest event time so far (8 bytes) then the serialized partial aggregate.
 */
public final class PreAggregateProcessor<KIn, VIn, K, A> implements Processor<KIn, VIn, K, A> {

    private final PreAggregation<KIn, VIn, K, A> spec;
    private final long bucketMs;
    private ProcessorContext<K, A> context;
    private KeyValueStore<Bytes, byte[]> buffer;
    private String topic;
    /** The partials by bucket start and key. */
    private final TreeMap<Long, Map<K, Partial>> partials = new TreeMap<>();
    /** Partials changed since the last commit. */
    private final List<Partial> written = new ArrayList<>();
    /** Buffer keys of stored partials sent on since the last commit: to delete from the store. */
    private final Set<Bytes> sentFromStore = new HashSet<>();
    /** The newest bucket a record fell in since this task started. */
    private long newestBucket = Long.MIN_VALUE;
    /** The newest record time taken since this task started (or of the partials restored). */
    private long newestTaken = Long.MIN_VALUE;
    private final Watermarks.Stamp stamp = new Watermarks.Stamp();

    public PreAggregateProcessor(PreAggregation<KIn, VIn, K, A> spec) {
        this.spec = spec;
        this.bucketMs = spec.bucket().toMillis();
    }

    @Override
    public void init(ProcessorContext<K, A> context) {
        this.context = context;
        this.buffer = context.getStateStore(spec.storeName());
        this.topic = context.applicationId() + "-" + spec.storeName();
        partials.clear();
        written.clear();
        sentFromStore.clear();
        newestTaken = Long.MIN_VALUE;
        try (KeyValueIterator<Bytes, byte[]> stored = buffer.all()) {
            while (stored.hasNext()) {
                KeyValue<Bytes, byte[]> entry = stored.next();
                byte[] bufferKey = entry.key.get();
                long bucketStart = ByteBuffer.wrap(bufferKey).getLong();
                K key = spec.keySerde().deserializer().deserialize(topic, Arrays.copyOfRange(bufferKey, Long.BYTES, bufferKey.length));
                Partial partial = new Partial(bucketStart, key);
                partial.bufferKey = entry.key;
                partial.inStore = true;
                partial.aggregate = spec.aggregateSerde().deserializer().deserialize(topic,
                        Arrays.copyOfRange(entry.value, Long.BYTES, entry.value.length));
                partial.maxTime = ByteBuffer.wrap(entry.value).getLong();
                partial.minTime = bucketStart; // not stored: the least it can be
                newestTaken = Math.max(newestTaken, partial.maxTime);
                partials.computeIfAbsent(bucketStart, b -> new HashMap<>()).put(key, partial);
            }
        }
        OnCommit.register(context, spec.commitHookName(), this::writeBack);
        context.schedule(spec.flushInterval(), PunctuationType.WALL_CLOCK_TIME, now -> flushBefore(Long.MAX_VALUE));
    }

    @Override
    public void process(Record<KIn, VIn> record) {
        K key = spec.keyOf().apply(record.key(), record.value());
        if (key == null) {
            newestTaken = Math.max(newestTaken, record.timestamp());
            return;
        }
        long bucketStart = Math.floorDiv(record.timestamp(), bucketMs) * bucketMs;
        if (bucketStart > newestBucket) {
            // Event time moved into a new bucket: the older ones are (nearly) complete, send them now.
            newestBucket = bucketStart;
            flushBefore(bucketStart);
        }
        Map<K, Partial> bucket = partials.computeIfAbsent(bucketStart, b -> new HashMap<>());
        Partial partial = bucket.get(key);
        // Aggregated first: a record the aggregator fails on changes nothing.
        A aggregate = spec.aggregator().apply(key, record.value(), partial == null ? spec.initializer().apply() : partial.aggregate);
        if (partial == null) {
            partial = new Partial(bucketStart, key);
            partial.maxTime = record.timestamp();
            partial.minTime = record.timestamp();
            bucket.put(key, partial);
        } else {
            partial.maxTime = Math.max(partial.maxTime, record.timestamp());
            partial.minTime = Math.min(partial.minTime, record.timestamp());
        }
        newestTaken = Math.max(newestTaken, record.timestamp());
        partial.aggregate = aggregate;
        if (!partial.written) {
            partial.written = true;
            written.add(partial);
        }
    }

    /**
     * Sends on every partial of the buckets before {@code bucketStart}, in bucket then key byte order, and drops
     * them. Each is stamped with this task's watermark once it is sent ({@link Watermarks}): the newest record
     * time taken, but no later than the oldest record time of any partial not sent yet (later in this flush, or
     * still buffered), so that no partial ever arrives after a watermark its own records were in time for.
     */
    private void flushBefore(long bucketStart) {
        Map<Long, Map<K, Partial>> due = partials.headMap(bucketStart, false);
        long pending = Long.MAX_VALUE;
        for (Map<K, Partial> bucket : partials.tailMap(bucketStart, true).values()) {
            for (Partial partial : bucket.values()) {
                pending = Math.min(pending, partial.minTime);
            }
        }
        List<Partial> inOrder = new ArrayList<>();
        for (Map<K, Partial> bucket : due.values()) {
            List<Partial> keys = new ArrayList<>(bucket.values());
            keys.sort((a, b) -> a.bufferKey().compareTo(b.bufferKey()));
            inOrder.addAll(keys);
        }
        long[] unsentAfter = new long[inOrder.size()];
        for (int i = inOrder.size() - 1; i >= 0; i--) {
            unsentAfter[i] = pending;
            pending = Math.min(pending, inOrder.get(i).minTime);
        }
        int partition = context.taskId().partition();
        for (int i = 0; i < inOrder.size(); i++) {
            Partial partial = inOrder.get(i);
            long watermark = Math.min(newestTaken, unsentAfter[i]);
            context.forward(stamp.stamp(new Record<>(partial.key, partial.aggregate, partial.maxTime), partition, watermark));
            partial.sent = true;
            if (partial.inStore) {
                sentFromStore.add(partial.bufferKey());
            }
        }
        due.clear();
    }

    /** Writes the partials changed since the last commit to the buffer store, and deletes those sent on. */
    private void writeBack() {
        for (Partial partial : written) {
            partial.written = false;
            if (!partial.sent) {
                byte[] aggregateBytes = spec.aggregateSerde().serializer().serialize(topic, partial.aggregate);
                buffer.put(partial.bufferKey(), ByteBuffer.allocate(Long.BYTES + aggregateBytes.length)
                        .putLong(partial.maxTime).put(aggregateBytes).array());
                partial.inStore = true;
                sentFromStore.remove(partial.bufferKey()); // a newer partial of a key and bucket sent before
            }
        }
        written.clear();
        for (Bytes bufferKey : sentFromStore) {
            buffer.delete(bufferKey);
        }
        sentFromStore.clear();
    }

    /** One key's partial aggregate of one bucket. */
    private final class Partial {

        final long bucketStart;
        final K key;
        private Bytes bufferKey;
        A aggregate;
        long maxTime;
        /** The oldest record time in it; its bucket's start when restored. */
        long minTime;
        /** Changed since the last commit. */
        boolean written;
        /** Sent on: no longer in {@link #partials}. */
        boolean sent;
        /** Its latest value is in the buffer store. */
        boolean inStore;

        Partial(long bucketStart, K key) {
            this.bucketStart = bucketStart;
            this.key = key;
        }

        Bytes bufferKey() {
            if (bufferKey == null) {
                byte[] keyBytes = spec.keySerde().serializer().serialize(topic, key);
                bufferKey = Bytes.wrap(ByteBuffer.allocate(Long.BYTES + keyBytes.length).putLong(bucketStart).put(keyBytes).array());
            }
            return bufferKey;
        }
    }
}
