package io.eventpipeline.core;

import io.eventpipeline.core.topic.Topic;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The tiny topology core's tests run: counts events per key.
 * In: events (String key, TestEvent JSON). Out: counts (String key, Long count).
 * An event with amount 13 makes processing throw, to exercise the processing-failure path.
 */
public final class CountingTopology {

    public static final Topic<String, Long> COUNTS = counts("test.counts");
    public static final String STORE = "test-counts-store";

    private CountingTopology() {
    }

    public static Topic<String, Long> counts(String name) {
        return new Topic<>(name, Serdes.String(), Serdes.Long());
    }

    public static Topology build(StreamsBuilder builder, Topic<String, TestEvent> input) {
        return build(builder, input, COUNTS);
    }

    public static Topology build(StreamsBuilder builder, Topic<String, TestEvent> input, Topic<String, Long> output) {
        builder.stream(input.name(), input.consumedAs("test-source-events"))
                .mapValues(CountingTopology::rejectUnlucky, Named.as("test-check-amount"))
                .groupByKey(Grouped.with("test-group-by-key", input.keySerde(), input.valueSerde()))
                .count(Named.as("test-count"), Materialized.<String, Long, KeyValueStore<Bytes, byte[]>>as(STORE)
                        .withKeySerde(Serdes.String()).withValueSerde(Serdes.Long()))
                .toStream(Named.as("test-counts-stream"))
                .to(output.name(), output.producedAs("test-sink-counts"));
        return builder.build();
    }

    private static TestEvent rejectUnlucky(TestEvent event) {
        if (event.amount() == 13) {
            throw new IllegalArgumentException("amount 13 is not processed");
        }
        return event;
    }
}
