package io.eventpipeline.core.streams.internal;

import io.eventpipeline.core.trace.TraceContext;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerInterceptor;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * On the Kafka Streams producer: gives each record written to an external topic its own span in the
 * trace it inherited from its input (or a new trace) and counts it per topic. Records of the app's
 * internal topics (changelogs, repartitions) pass untouched.
 */
public final class OutboundInterceptor implements ProducerInterceptor<byte[], byte[]> {

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
        return new ProducerRecord<>(record.topic(), record.partition(), record.timestamp(), record.key(),
                record.value(), headers);
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
