package io.eventpipeline.core.streams;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorSupplier;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Event-time watermarks across a repartition topic, as Flink keeps them per input channel. A task that
 * aggregates records coming from every task upstream cannot close a window on its own stream time, the
 * newest time it has seen: when a backlog is read faster than it was made, the upstream tasks drift apart
 * in event time, and the records of a slower one arrive after a faster one has carried the stream time past
 * their windows. So each upstream task stamps what it sends with its watermark (its partition and the newest
 * event time it has taken, in two record headers, {@value #SENDER_HEADER} and {@value #TIME_HEADER}), and
 * the receiving task closes windows on the least watermark of its senders ({@link #current}).
 *
 * <p>A sender not heard from for {@code idleAfter} (wall clock) holds nothing back until it sends again: a
 * partition without records must not stop the windows. Records sent by it in the meantime that fall in
 * windows closed meanwhile are late. The receiver stores its senders' watermarks ({@link #save}) in a
 * changelogged key-value store of its own, under {@code <prefix><partition>}; a receiver {@linkplain #open
 * opened} on that store after a restart waits for each stored sender again, until it sends or goes idle, so
 * a restart closes no window earlier than it would have closed without one. At a start it also waits a
 * little ({@value #START_WAIT_SECONDS} s) for every partition upstream that has never sent here, so that a
 * task that starts sending later than the others does not find their windows closed.
 *
 * <p>Records without the headers (from a version that did not stamp them) move no watermark. One instance
 * per task, not thread-safe.
 */
public final class Watermarks {

    /** The header of the sender's partition, a 4-byte big-endian int. */
    public static final String SENDER_HEADER = "pipeline.watermark.sender";
    /** The header of the sender's watermark, epoch millis as an 8-byte big-endian long. */
    public static final String TIME_HEADER = "pipeline.watermark.time";

    /** How long a partition upstream that has never sent is waited for at a start. */
    public static final int START_WAIT_SECONDS = 10;

    private final KeyValueStore<String, Long> store;
    private final String prefix;
    private final long idleAfter;
    private final Map<Integer, Sender> senders = new HashMap<>();

    private Watermarks(KeyValueStore<String, Long> store, String prefix, Duration idleAfter) {
        this.store = Objects.requireNonNull(store, "store");
        this.prefix = Objects.requireNonNull(prefix, "prefix");
        this.idleAfter = idleAfter.toMillis();
        if (this.idleAfter < 1) {
            throw new IllegalArgumentException("idleAfter must be positive, got " + idleAfter);
        }
    }

    /**
     * The receiver's watermarks, with the senders stored in {@code store} under keys starting with
     * {@code prefix}, counted as heard from at {@code now} (wall clock, epoch millis): each holds every window
     * back until it sends or goes idle. The tasks of partitions {@code 0} to {@code senders - 1} that are not
     * stored (none has sent here yet) are waited for too, but for {@value #START_WAIT_SECONDS} s at most (or
     * {@code idleAfter} if shorter): long enough for tasks started together to send a first record, without
     * holding the windows back long for a task that has no keys for this one.
     */
    public static Watermarks open(KeyValueStore<String, Long> store, String prefix, int senders, Duration idleAfter, long now) {
        Watermarks watermarks = new Watermarks(store, prefix, idleAfter);
        try (KeyValueIterator<String, Long> all = store.all()) {
            while (all.hasNext()) {
                KeyValue<String, Long> entry = all.next();
                if (entry.key.startsWith(prefix) && entry.value != Long.MIN_VALUE) {
                    int sender = Integer.parseInt(entry.key.substring(prefix.length()));
                    watermarks.senders.put(sender, new Sender(entry.value, now));
                }
            }
        }
        long startWait = Math.min(watermarks.idleAfter, START_WAIT_SECONDS * 1000L);
        for (int sender = 0; sender < senders; sender++) {
            // Counted as heard from so long ago that it goes idle startWait from now.
            watermarks.senders.putIfAbsent(sender, new Sender(Long.MIN_VALUE, now - watermarks.idleAfter + startWait));
        }
        return watermarks;
    }

    /** Takes the watermark stamped on a record's {@code headers}, received at {@code now}; {@code false} if it has none. */
    public boolean observe(Headers headers, long now) {
        Header sender = headers.lastHeader(SENDER_HEADER);
        Header time = headers.lastHeader(TIME_HEADER);
        if (sender == null || time == null || sender.value().length != Integer.BYTES || time.value().length != Long.BYTES) {
            return false;
        }
        long watermark = ByteBuffer.wrap(time.value()).getLong();
        Sender known = senders.computeIfAbsent(ByteBuffer.wrap(sender.value()).getInt(), s -> new Sender(watermark, now));
        known.watermark = Math.max(known.watermark, watermark);
        known.heard = now;
        return true;
    }

    /** The least watermark of the senders heard from within {@code idleAfter} before {@code now}; {@code Long.MIN_VALUE} if none. */
    public long current(long now) {
        long least = Long.MAX_VALUE;
        for (Sender sender : senders.values()) {
            if (now - sender.heard < idleAfter) {
                least = Math.min(least, sender.watermark);
            }
        }
        return least == Long.MAX_VALUE ? Long.MIN_VALUE : least;
    }

    /** Stores every sender's watermark, for a restart to wait for them. */
    public void save() {
        senders.forEach((sender, known) -> {
            if (known.watermark != Long.MIN_VALUE) {
                store.put(prefix + sender, known.watermark);
            }
        });
    }

    /**
     * The sending side: one per upstream task, stamping each record it sends with the task's partition and
     * the newest record time it has taken. Not the task's stream time, which counts every input of the task
     * on its own timestamps; after a restart it starts again from the first record taken, behind where it
     * was, and the receivers keep the newest each sender sent.
     */
    public static final class Stamp {

        private long newest = Long.MIN_VALUE;

        /**
         * {@code record} (headers copied, not changed: other processors may share them) with the watermark of
         * the task of {@code partition} once it has taken {@code taken}, the record time that leads to it.
         */
        public <K, V> Record<K, V> stamp(Record<K, V> record, int partition, long taken) {
            return record.withHeaders(headers(record.headers(), partition, taken));
        }

        /** A copy of {@code original} with the watermark of the task of {@code partition} once it has taken {@code taken}. */
        public Headers headers(Headers original, int partition, long taken) {
            newest = Math.max(newest, taken);
            Headers headers = unstamped(original);
            headers.add(SENDER_HEADER, ByteBuffer.allocate(Integer.BYTES).putInt(partition).array());
            headers.add(TIME_HEADER, ByteBuffer.allocate(Long.BYTES).putLong(newest).array());
            return headers;
        }
    }

    /** A copy of {@code headers} without a watermark stamp: for a record that leaves the app. */
    public static Headers unstamped(Headers headers) {
        Headers copy = new RecordHeaders(headers.toArray());
        copy.remove(SENDER_HEADER);
        copy.remove(TIME_HEADER);
        return copy;
    }

    /**
     * A processor that stamps every record with its task's watermark, the newest record time it has seen
     * ({@link Stamp}), and changes nothing else: for a stream whose records leave each task in about the
     * order of their times (closed sessions, say) on its way to a {@link WatermarkWindows}.
     */
    public static <K, V> FixedKeyProcessorSupplier<K, V, V> stamping() {
        return () -> new FixedKeyProcessor<>() {
            private final Stamp stamp = new Stamp();
            private FixedKeyProcessorContext<K, V> context;

            @Override
            public void init(FixedKeyProcessorContext<K, V> context) {
                this.context = context;
            }

            @Override
            public void process(FixedKeyRecord<K, V> record) {
                context.forward(record.withHeaders(stamp.headers(record.headers(), context.taskId().partition(), record.timestamp())));
            }
        };
    }

    /** A sender's newest watermark, and the wall-clock time of its newest record. */
    private static final class Sender {

        long watermark;
        long heard;

        Sender(long watermark, long heard) {
            this.watermark = watermark;
            this.heard = heard;
        }
    }
}
