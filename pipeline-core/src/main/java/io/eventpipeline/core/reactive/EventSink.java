package io.eventpipeline.core.reactive;

import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;

/**
 * Writes events to one topic, reactively.
 *
 * <p><b>Backpressure:</b> the sink requests records from the publisher only while fewer than its in-flight
 * bound are unacknowledged by the broker, so a fast publisher is slowed to the broker's pace.
 * <b>Ordering:</b> records with the same key keep their order (idempotent producer, so retries do not
 * reorder or duplicate). <b>Results:</b> one {@link SendResult} per record, each emitted once the broker
 * has acknowledged (or finally rejected) it; results of one partition come in send order, results of
 * different partitions may interleave. <b>Errors:</b> a failed record yields a result with
 * {@link SendResult#error()} and sending goes on; the returned flux errors only if the publisher does.
 *
 * @param <K> key type
 * @param <V> value type
 */
public interface EventSink<K, V> extends AutoCloseable {

    /** Sends every record of {@code records}; subscribe to the result to start sending. */
    Flux<SendResult<K, V>> send(Publisher<Outbound<K, V>> records);

    /** The topic this sink writes. */
    String topic();

    /** Flushes and releases the producer. Sends still under way complete or fail first. */
    @Override
    void close();
}
