package io.eventpipeline.core.streams.internal;

import io.eventpipeline.core.trace.TraceContext;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerInterceptor;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * On the Kafka Streams main consumer: counts records read per external topic and stamps each with its
 * trace context (a new trace if it has none) and its own coordinates as the causation id. Kafka Streams
 * copies an input record's headers to what it derives from it, so every output names its cause.
 * Records of the app's internal topics already carry their stamps and are passed through untouched.
 */
public final class InboundInterceptor implements ConsumerInterceptor<byte[], byte[]> {

    private InterceptorSettings settings = InterceptorSettings.from(Map.of());

    @Override
    public void configure(Map<String, ?> configs) {
        settings = InterceptorSettings.from(configs);
    }

    @Override
    public ConsumerRecords<byte[], byte[]> onConsume(ConsumerRecords<byte[], byte[]> records) {
        for (TopicPartition partition : records.partitions()) {
            if (settings.isInternal(partition.topic())) {
                continue;
            }
            var batch = records.records(partition);
            for (ConsumerRecord<byte[], byte[]> record : batch) {
                if (TraceContext.from(record.headers()).isEmpty()) {
                    TraceContext.newTrace().writeTo(record.headers());
                }
                TraceContext.writeCausation(record.headers(), record.topic(), record.partition(), record.offset());
            }
            settings.counter().recordIn(partition.topic(), batch.size());
        }
        return records;
    }

    @Override
    public void onCommit(Map<TopicPartition, OffsetAndMetadata> offsets) {
        // Nothing to do on commit.
    }

    @Override
    public void close() {
        // Holds nothing.
    }
}
