package io.eventpipeline.core.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eventpipeline.localkafka.MetricProbe;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WatermarkWindowAggregateTest {

    private static final Duration MINUTE = Duration.ofMinutes(1);
    private static final long T0 = 1_800_000_000_000L - 1_800_000_000_000L % 300_000; // on a 5-minute boundary
    private static final Instant WALL = Instant.parse("2027-01-15T08:00:00Z");

    @TempDir
    Path stateDir;

    @Test
    void shouldForwardEachClosedWindowOnceMappedAndCountTheLateRecords() {
        // Words of two senders, counted per 2-minute window hopping by the minute, kept a minute after closing.
        WatermarkWindowAggregate<String, Long, String, String> counts =
                WatermarkWindowAggregate.of("word-counts", Serdes.Long(), Long::sum)
                        .from((String word) -> (long) word.length())
                        .windows(Duration.ofMinutes(2), MINUTE).grace(Duration.ofSeconds(10)).retain(MINUTE)
                        .senders(2, Duration.ofSeconds(30))
                        .lateCountedAs("word-counts", "late-words")
                        .forwarding((start, key, sum) -> new Record<>(key, ((start - T0) / 1000) + "s:" + sum.value(),
                                sum.timestamp()));
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream("words", Consumed.with(Serdes.String(), Serdes.String()))
                .process(counts, Named.as("count-words"))
                .to("out", Produced.with(Serdes.String(), Serdes.String()));

        try (TopologyTestDriver driver = new TopologyTestDriver(builder.build(), properties(), WALL)) {
            TestInputTopic<String, String> in = driver.createInputTopic("words", Serdes.String().serializer(),
                    Serdes.String().serializer());
            TestOutputTopic<String, String> out = driver.createOutputTopic("out", Serdes.String().deserializer(),
                    Serdes.String().deserializer());
            long[] newest = {Long.MIN_VALUE, Long.MIN_VALUE};
            Sender words = (partition, key, word, seconds) -> {
                long at = T0 + seconds * 1000;
                newest[partition] = Math.max(newest[partition], at); // a sender stamps the newest time it has taken
                Record<String, String> stamped = new Watermarks.Stamp().stamp(new Record<>(key, word, at), partition,
                        newest[partition]);
                in.pipeInput(new TestRecord<>(key, word, stamped.headers(), at));
            };

            // Windows close when the least of the senders' watermarks passes their end plus 10 s.
            words.send(0, "a", "xx", 30); // into [-60, 60) and [0, 120)
            words.send(1, "a", "yyy", 70); // [0, 120) and [60, 180); the senders at 0:30 and 1:10
            assertTrue(out.isEmpty());
            words.send(0, "b", "z", 75); // the senders at 1:15 and 1:10: [-60, 60) closes
            assertEquals(List.of("a=-60s:2"), read(out));
            words.send(1, "a", "w", 71);
            assertTrue(out.isEmpty(), "the senders at 1:15 and 1:11");

            words.send(0, "a", "vvvv", 200);
            words.send(1, "b", "u", 185); // the senders at 3:20 and 3:05: [0, 120) closes
            assertEquals(List.of("a=0s:6", "b=0s:1"), read(out));
            words.send(1, "a", "tt", 50); // into no open window: late
            words.send(0, "a", "s", 250);
            words.send(1, "a", "r", 245); // the senders at 4:10 and 4:05: [60, 180) closes
            assertEquals(List.of("a=60s:4", "b=60s:1"), read(out));

            double late = MetricProbe.sensorTotal(driver.metrics(), "word-counts", "late-words");
            assertEquals(1.0, late, "the record of 0:50, after both its windows closed");

            KeyValueStore<String, ValueAndTimestamp<Long>> sums = driver.getTimestampedKeyValueStore(counts.store());
            // The store holds a slice a minute long per key: a's of 1:00 (3 + 1) is kept a minute after [60, 180) closed.
            assertEquals(4L, sums.get(TimeIndex.key(T0 + 60_000, "a")).value());
            assertEquals(null, sums.get(TimeIndex.key(T0, "a")), "deleted once kept a minute");
            KeyValueStore<String, Long> published = driver.getKeyValueStore(counts.publishedStore());
            assertEquals(T0 + 120_000, published.get("next"));
        }
    }

    @Test
    void shouldDropLateRecordsUncountedWhenToldTheyAreCountedElsewhere() {
        WatermarkWindowAggregate<Long, Long, String, Long> sums =
                WatermarkWindowAggregate.of("sums", Serdes.Long(), Long::sum).lateNotCounted()
                        .forwarding((start, key, sum) -> new Record<>(key, sum.value(), sum.timestamp()));
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream("numbers", Consumed.with(Serdes.String(), Serdes.Long()))
                .process(sums, Named.as("sum-numbers"))
                .to("out", Produced.with(Serdes.String(), Serdes.Long()));
        try (TopologyTestDriver driver = new TopologyTestDriver(builder.build(), properties(), WALL)) {
            TestInputTopic<String, Long> in = driver.createInputTopic("numbers", Serdes.String().serializer(),
                    Serdes.Long().serializer());
            TestOutputTopic<String, Long> out = driver.createOutputTopic("out", Serdes.String().deserializer(),
                    Serdes.Long().deserializer());
            Watermarks.Stamp stamp = new Watermarks.Stamp();
            for (long seconds : new long[] {10, 70, 20}) { // the last one late: its minute closed at 1:10
                long at = T0 + seconds * 1000;
                Record<String, Long> stamped = stamp.stamp(new Record<>("k", 1L, at), 0, at);
                in.pipeInput(new TestRecord<>("k", 1L, stamped.headers(), at));
            }
            assertEquals(List.of(1L), out.readValuesToList());
            assertTrue(driver.metrics().keySet().stream().noneMatch(m -> m.name().startsWith("late")),
                    "no late-record metric");
        }
    }

    @Test
    void shouldRefuseWindowsItCannotClose() {
        WatermarkWindowAggregate.Builder<Long, Long> sums = WatermarkWindowAggregate.of("s", Serdes.Long(), Long::sum);
        assertThrows(IllegalArgumentException.class, () -> sums.windows(Duration.ofMinutes(5), Duration.ofMinutes(2)));
        assertThrows(IllegalArgumentException.class, () -> sums.windows(MINUTE, Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> sums.grace(Duration.ofSeconds(-1)));
        assertThrows(IllegalArgumentException.class, () -> sums.senders(0, MINUTE));
    }

    private static List<String> read(TestOutputTopic<String, String> out) {
        return out.readKeyValuesToList().stream().map(kv -> kv.key + "=" + kv.value).toList();
    }

    private Properties properties() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "watermark-window-aggregate-test");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        return props;
    }

    private interface Sender {
        void send(int partition, String key, String word, long secondsAfterT0);
    }
}
