package io.eventpipeline.core.reactive;

/**
 * One event to send through an {@link EventSink}.
 *
 * @param key the record key (chooses the partition)
 * @param value the value; {@code null} writes a tombstone
 * @param timestamp epoch milliseconds, or {@code null} for the send time
 * @param cause the event this one derives from, whose trace it continues; {@code null} starts a new trace
 * @param <K> key type
 * @param <V> value type
 */
public record Outbound<K, V>(K key, V value, Long timestamp, Inbound<?, ?> cause) {

    /** A new event, starting its own trace. */
    public static <K, V> Outbound<K, V> of(K key, V value) {
        return new Outbound<>(key, value, null, null);
    }

    /** A new event with an explicit timestamp, starting its own trace. */
    public static <K, V> Outbound<K, V> of(K key, V value, long timestamp) {
        return new Outbound<>(key, value, timestamp, null);
    }

    /** An event derived from {@code cause}: same trace, and {@code cause} as its causation id. */
    public static <K, V> Outbound<K, V> causedBy(Inbound<?, ?> cause, K key, V value) {
        return new Outbound<>(key, value, null, cause);
    }
}
