package io.eventpipeline.core.reactive;

import io.eventpipeline.core.trace.TraceContext;
import java.util.Optional;
import org.apache.kafka.common.header.Headers;
import reactor.core.publisher.Mono;

/**
 * One event received from an {@link EventSource}, with where it was read and how to acknowledge it.
 *
 * <p>An event counts as processed only once {@link #acknowledge()} is called: offsets are committed up to
 * the acknowledged events, so an event not acknowledged before a crash is delivered again (at-least-once).
 * Acknowledge in order within a partition.
 *
 * @param <K> key type
 * @param <V> value type
 */
public final class Inbound<K, V> {

    private final String topic;
    private final int partition;
    private final long offset;
    private final long timestamp;
    private final K key;
    private final V value;
    private final Headers headers;
    private final Acknowledgement acknowledgement;

    /** How an inbound event is acknowledged and committed; implemented by the source. */
    public interface Acknowledgement {
        void acknowledge();

        Mono<Void> commit();
    }

    public Inbound(String topic, int partition, long offset, long timestamp, K key, V value, Headers headers,
                   Acknowledgement acknowledgement) {
        this.topic = topic;
        this.partition = partition;
        this.offset = offset;
        this.timestamp = timestamp;
        this.key = key;
        this.value = value;
        this.headers = headers;
        this.acknowledgement = acknowledgement;
    }

    public String topic() {
        return topic;
    }

    public int partition() {
        return partition;
    }

    public long offset() {
        return offset;
    }

    /** The record's Kafka timestamp, epoch milliseconds. */
    public long timestamp() {
        return timestamp;
    }

    public K key() {
        return key;
    }

    public V value() {
        return value;
    }

    /** The record's headers, as received. */
    public Headers headers() {
        return headers;
    }

    /** The trace this event belongs to, if it carries one. */
    public Optional<TraceContext> trace() {
        return TraceContext.from(headers);
    }

    /** Marks this event processed; its offset is committed with the next periodic commit. */
    public void acknowledge() {
        acknowledgement.acknowledge();
    }

    /** Marks this event processed and commits now; completes when the commit has succeeded. */
    public Mono<Void> commit() {
        acknowledgement.acknowledge();
        return acknowledgement.commit();
    }

    @Override
    public String toString() {
        return topic + "/" + partition + "/" + offset;
    }
}
