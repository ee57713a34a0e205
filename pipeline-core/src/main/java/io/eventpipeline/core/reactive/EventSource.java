package io.eventpipeline.core.reactive;

import reactor.core.publisher.Flux;

/**
 * Reads events from topics as a consumer-group member, reactively.
 *
 * <p><b>Backpressure:</b> records are fetched as they are requested; a slow subscriber pauses fetching.
 * <b>Ordering:</b> events of one partition arrive in offset order. <b>Commits:</b> manual; offsets are
 * committed only for events the subscriber {@linkplain Inbound#acknowledge() acknowledged} (periodically,
 * or at once with {@link Inbound#commit()}), so delivery is at-least-once. <b>Bad records:</b> a record
 * that cannot be read as the topic's type never reaches the subscriber: it is written to the dead-letter
 * topic with its reason and coordinates in headers, counted, and committed, and reading goes on.
 * <b>Lifecycle:</b> subscribing joins the group; cancelling leaves it. Only one subscription at a time.
 *
 * @param <K> key type
 * @param <V> value type
 */
public interface EventSource<K, V> {

    /** The events, for as long as the subscription lasts. */
    Flux<Inbound<K, V>> receive();
}
