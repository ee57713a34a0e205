package io.eventpipeline.core.topic;

import io.eventpipeline.core.serde.JsonSerde;
import io.eventpipeline.core.streams.EventTimeExtractor;
import java.util.Objects;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;

/**
 * A topic as a typed value: its name with the serdes of its keys and values. Every reader and writer of
 * a topic, tests included, goes through one of these, so a topic's name and format are stated once.
 *
 * @param name the topic's name, e.g. {@code clickstream.events}
 * @param keySerde how keys are written
 * @param valueSerde how values are written
 * @param <K> key type
 * @param <V> value type
 */
public record Topic<K, V>(String name, Serde<K> keySerde, Serde<V> valueSerde) {

    public Topic {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(keySerde, "keySerde");
        Objects.requireNonNull(valueSerde, "valueSerde");
        if (name.isBlank()) {
            throw new IllegalArgumentException("a topic needs a name");
        }
    }

    /** A topic with string keys and JSON values of {@code valueType}. */
    public static <V> Topic<String, V> json(String name, Class<V> valueType) {
        return new Topic<>(name, Serdes.String(), JsonSerde.of(valueType));
    }

    /**
     * The same topic seen as raw bytes: for writers that produce the bytes themselves, such as a generator
     * that also sends deliberately malformed records.
     */
    public static Topic<String, byte[]> raw(String name) {
        return new Topic<>(name, Serdes.String(), Serdes.ByteArray());
    }

    /** How Kafka Streams reads this topic, with its serdes. */
    public Consumed<K, V> consumed() {
        return Consumed.with(keySerde, valueSerde);
    }

    /** How Kafka Streams reads this topic, with its serdes and a processor name for the source. */
    public Consumed<K, V> consumedAs(String processorName) {
        return Consumed.with(keySerde, valueSerde).withName(processorName);
    }

    /**
     * How Kafka Streams reads this topic on event time ({@link io.eventpipeline.core.event.EventTime}),
     * with its serdes and a processor name for the source.
     */
    public Consumed<K, V> consumedOnEventTime(String processorName) {
        return consumedAs(processorName).withTimestampExtractor(new EventTimeExtractor());
    }

    /** How Kafka Streams writes this topic, with its serdes. */
    public Produced<K, V> produced() {
        return Produced.with(keySerde, valueSerde);
    }

    /** How Kafka Streams writes this topic, with its serdes and a processor name for the sink. */
    public Produced<K, V> producedAs(String processorName) {
        return Produced.with(keySerde, valueSerde).withName(processorName);
    }

    @Override
    public String toString() {
        return name;
    }
}
