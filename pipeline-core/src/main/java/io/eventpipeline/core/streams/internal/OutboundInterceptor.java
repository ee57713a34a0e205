package io.eventpipeline.core.streams.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.eventpipeline.core.serde.Json;
import io.eventpipeline.core.trace.TraceContext;
import java.io.IOException;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerInterceptor;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * On the Kafka Streams producer: gives each record written to an external topic its own span in the
 * trace it inherited from its input (or a new trace), counts it per topic, records how long after its event
 * time (the record's timestamp) it left, and counts alerts (records to a topic ending in {@code .alerts}) by
 * type and severity. Records of the app's internal topics (changelogs, repartitions) pass untouched.
 */
public final class OutboundInterceptor implements ProducerInterceptor<byte[], byte[]> {

    private static final String ALERTS_SUFFIX = ".alerts";

    private InterceptorSettings settings = InterceptorSettings.from(Map.of());

    @Override
    public void configure(Map<String, ?> configs) {
        settings = InterceptorSettings.from(configs);
    }

    @Override
    public ProducerRecord<byte[], byte[]> onSend(ProducerRecord<byte[], byte[]> record) {
        if (settings.isInternal(record.topic())) {
            return record;
        }
        // Copy: the caller's headers may be shared with other records derived from the same input.
        RecordHeaders headers = new RecordHeaders(record.headers().toArray());
        TraceContext.stampOutgoing(headers);
        settings.counter().recordOut(record.topic(), 1);
        if (record.timestamp() != null) {
            settings.counter().recordLatency(record.topic(), System.currentTimeMillis() - record.timestamp());
        }
        if (record.topic().endsWith(ALERTS_SUFFIX) && record.value() != null) {
            countAlert(record.value());
        }
        return new ProducerRecord<>(record.topic(), record.partition(), record.timestamp(), record.key(),
                record.value(), headers);
    }

    private void countAlert(byte[] value) {
        try {
            JsonNode alert = Json.mapper().readTree(value);
            settings.counter().recordAlert(alert.path("type").asText("UNKNOWN"), alert.path("severity").asText("UNKNOWN"));
        } catch (IOException e) {
            // Not an alert after all: it is written as it is, just not counted as one.
        }
    }

    @Override
    public void onAcknowledgement(RecordMetadata metadata, Exception exception) {
        // Counting happens on send; failures surface through Kafka Streams' own handling.
    }

    @Override
    public void close() {
        // Holds nothing.
    }
}
