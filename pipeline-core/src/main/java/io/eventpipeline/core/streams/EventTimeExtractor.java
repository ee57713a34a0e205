package io.eventpipeline.core.streams;

import io.eventpipeline.core.event.EventTime;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.processor.TimestampExtractor;

/**
 * Event time for Kafka Streams: the value's {@link EventTime#eventTime()}. A value without one (a
 * tombstone, or a type that does not carry a time) keeps the record's own timestamp.
 */
public final class EventTimeExtractor implements TimestampExtractor {

    @Override
    public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
        if (record.value() instanceof EventTime event && event.eventTime() != null) {
            return event.eventTime().toEpochMilli();
        }
        return record.timestamp();
    }
}
