package io.eventpipeline.core.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.eventpipeline.localkafka.MetricProbe;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LateRecordsTest {

    private static final long T0 = 1_800_000_000_000L - 1_800_000_000_000L % 300_000;

    @TempDir
    Path stateDir;

    @Test
    void shouldCountWhatTheTumblingAggregationDropsAsLateAndNothingElse() {
        TimeWindows windows = TimeWindows.ofSizeAndGrace(Duration.ofMinutes(1), Duration.ofSeconds(10));
        try (TopologyTestDriver driver = new TopologyTestDriver(counting(windows), properties())) {
            TestInputTopic<String, String> in = in(driver);
            send(in, "a", 30);
            send(in, "a", 65);  // newest 1:05: the first minute still open (it closes at 1:10)
            send(in, "b", 50);  // in time, inside the grace
            send(in, "a", 75);  // newest 1:15: the first minute closed
            send(in, "b", 59);  // late
            send(in, null, 10); // dropped for its null key, not late
            send(in, "c", 119); // the second minute, open
            send(in, "c", 5);   // late

            assertEquals(2.0, MetricProbe.sensorTotal(driver.metrics(), "words", "late-words"));
            assertEquals(3.0, MetricProbe.total(driver.metrics(), "stream-task-metrics", "dropped-records-total"),
                    "Kafka Streams' own count: the two late records and the one without a key");
            assertEquals(List.of("a@0=1", "a@60=2", "b@0=1", "c@60=1"), counts(driver));
        }
    }

    @Test
    void shouldCountARecordOnceAndOnlyWhenItIsInNoOpenWindow() {
        // Hopping: Kafka Streams counts a drop per window; the late count is of records in none.
        TimeWindows windows = TimeWindows.ofSizeAndGrace(Duration.ofMinutes(2), Duration.ofSeconds(10))
                .advanceBy(Duration.ofMinutes(1));
        try (TopologyTestDriver driver = new TopologyTestDriver(counting(windows), properties())) {
            TestInputTopic<String, String> in = in(driver);
            send(in, "a", 30);
            send(in, "a", 200); // newest 3:20: windows ending by 3:10 closed
            send(in, "a", 150); // out of [1:00, 3:00), into [2:00, 4:00): not late
            send(in, "a", 100); // out of [0:00, 2:00) and [1:00, 3:00): late

            assertEquals(1.0, MetricProbe.sensorTotal(driver.metrics(), "words", "late-words"));
            assertEquals(3.0, MetricProbe.total(driver.metrics(), "stream-task-metrics", "dropped-records-total"));
        }
    }

    @Test
    void shouldStartOverWithTheTask() {
        TimeWindows windows = TimeWindows.ofSizeAndGrace(Duration.ofMinutes(1), Duration.ZERO);
        try (TopologyTestDriver driver = new TopologyTestDriver(counting(windows), properties())) {
            send(in(driver), "a", 90);
        }
        // A new task (as after a restart) has seen nothing yet, and nor has the aggregation: nothing is late.
        try (TopologyTestDriver driver = new TopologyTestDriver(counting(windows), properties())) {
            send(in(driver), "a", 10);
            assertEquals(0.0, MetricProbe.sensorTotal(driver.metrics(), "words", "late-words"));
            assertEquals(0.0, MetricProbe.total(driver.metrics(), "stream-task-metrics", "dropped-records-total"));
        }
    }

    private static Topology counting(TimeWindows windows) {
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream("words", Consumed.with(Serdes.String(), Serdes.String()))
                .processValues(LateRecords.counting(windows, "words", "late-words"), Named.as("count-late-words"))
                .groupByKey(Grouped.with(Serdes.String(), Serdes.String()))
                .windowedBy(windows)
                .count(Materialized.as("word-counts"));
        return builder.build();
    }

    private static TestInputTopic<String, String> in(TopologyTestDriver driver) {
        return driver.createInputTopic("words", Serdes.String().serializer(), Serdes.String().serializer());
    }

    private static void send(TestInputTopic<String, String> in, String key, long seconds) {
        in.pipeInput(key, "w", T0 + seconds * 1000);
    }


    private static List<String> counts(TopologyTestDriver driver) {
        ReadOnlyWindowStore<String, Long> store = driver.getWindowStore("word-counts");
        try (KeyValueIterator<Windowed<String>, Long> all = store.all()) {
            List<KeyValue<Windowed<String>, Long>> list = new ArrayList<>();
            all.forEachRemaining(list::add);
            return list.stream().map(kv -> kv.key.key() + "@" + (kv.key.window().start() - T0) / 1000 + "=" + kv.value)
                    .sorted().toList();
        }
    }

    private Properties properties() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "late-records-test");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        return props;
    }
}
