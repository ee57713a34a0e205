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
 * In: {@code test.events} (String key, TestEvent JSON). Out: {@code test.counts} (String key, Long count).
 * An event with amount 13 makes processing throw, to exercise the processing-failure path.
 */
public final class CountingTopology {

    public static final Topic<String, Long> COUNTS = new Topic<>("test.counts", Serdes.String(), Serdes.Long());
    public static final String STORE = "test-counts-store";

    private CountingTopology() {
    }

    public static Topology build(StreamsBuilder builder, Topic<String, TestEvent> input) {
        builder.stream(input.name(), input.consumedAs("test-source-events"))
                .mapValues(CountingTopology::rejectUnlucky, Named.as("test-check-amount"))
                .groupByKey(Grouped.with("test-group-by-key", input.keySerde(), input.valueSerde()))
                .count(Named.as("test-count"), Materialized.<String, Long, KeyValueStore<Bytes, byte[]>>as(STORE)
                        .withKeySerde(Serdes.String()).withValueSerde(Serdes.Long()))
                .toStream(Named.as("test-counts-stream"))
                .to(COUNTS.name(), COUNTS.producedAs("test-sink-counts"));
        return builder.build();
    }

    private static TestEvent rejectUnlucky(TestEvent event) {
        if (event.amount() == 13) {
            throw new IllegalArgumentException("amount 13 is not processed");
        }
        return event;
    }
}
