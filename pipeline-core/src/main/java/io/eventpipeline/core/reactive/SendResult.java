package io.eventpipeline.core.reactive;

/**
 * The outcome of sending one {@link Outbound}: where it was written, or why it was not.
 *
 * @param record what was sent
 * @param topic the topic
 * @param partition the partition written, or -1 on failure
 * @param offset the offset written, or -1 on failure
 * @param error why the send failed, or {@code null}
 * @param <K> key type
 * @param <V> value type
 */
public record SendResult<K, V>(Outbound<K, V> record, String topic, int partition, long offset, Exception error) {

    /** Whether the broker acknowledged the record. */
    public boolean ok() {
        return error == null;
    }
}
