package io.eventpipeline.core.errors;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Builds dead-letter records: the bad record's original key, value and headers, sent to the app's
 * dead-letter topic with {@link DeadLetterHeaders} added. Used by both the Kafka Streams handler and
 * the reactive source, so a dead letter looks the same whichever path found it.
 */
public final class DeadLetterRecords {

    private DeadLetterRecords() {
    }

    /**
     * A dead-letter record for the record read at {@code topic}/{@code partition}/{@code offset}.
     *
     * @param originalHeaders the bad record's headers, copied (may be {@code null})
     */
    public static ProducerRecord<byte[], byte[]> of(String deadLetterTopic, String app, DeadLetterReason reason,
                                                    Throwable error, String topic, int partition, long offset,
                                                    long timestamp, byte[] key, byte[] value, Headers originalHeaders) {
        Headers headers = originalHeaders == null ? new RecordHeaders() : new RecordHeaders(originalHeaders.toArray());
        DeadLetterHeaders.addTo(headers, app, reason, error, topic, partition, offset);
        Long ts = timestamp >= 0 ? timestamp : null;
        return new ProducerRecord<>(deadLetterTopic, null, ts, key, value, headers);
    }
}
