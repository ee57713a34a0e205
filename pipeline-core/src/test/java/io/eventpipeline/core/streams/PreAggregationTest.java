package io.eventpipeline.core.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PreAggregationTest {

    private static final Duration FLUSH = Duration.ofSeconds(1);
    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");

    private TopologyTestDriver driver;
    private TestInputTopic<String, String> input;
    private TestOutputTopic<String, Long> partials;
    private TestOutputTopic<String, Long> windowed;

    @BeforeEach
    void setUp() {
        // In: key user, value page ("-" for records to skip). Partials per page and minute go to "partials";
        // their per-minute sums (the use it is made for) go to "windowed", keyed "<page>@<window start>".
        StreamsBuilder builder = new StreamsBuilder();
        PreAggregation<String, String, String, Long> views = PreAggregation.counting("test-preaggregate-views",
                Duration.ofMinutes(1), FLUSH, (user, page) -> page.equals("-") ? null : page, Serdes.String());
        var counted = views.applyTo(builder.stream("in", Consumed.with(Serdes.String(), Serdes.String())));
        counted.to("partials", Produced.with(Serdes.String(), Serdes.Long()));
        counted.groupByKey(Grouped.with("test-group-views", Serdes.String(), Serdes.Long()))
                .windowedBy(TimeWindows.ofSizeWithNoGrace(Duration.ofMinutes(1)))
                .reduce(Long::sum, Named.as("test-sum-views"), Materialized.<String, Long, org.apache.kafka.streams.state.WindowStore<org.apache.kafka.common.utils.Bytes, byte[]>>as("test-views-1m")
                        .withKeySerde(Serdes.String()).withValueSerde(Serdes.Long()))
                .toStream((window, sum) -> window.key() + "@" + window.window().startTime())
                .to("windowed", Produced.with(Serdes.String(), Serdes.Long()));
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "preaggregation-test");
        props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0);
        driver = new TopologyTestDriver(builder.build(), props, T0);
        input = driver.createInputTopic("in", Serdes.String().serializer(), Serdes.String().serializer());
        partials = driver.createOutputTopic("partials", Serdes.String().deserializer(), Serdes.Long().deserializer());
        windowed = driver.createOutputTopic("windowed", Serdes.String().deserializer(), Serdes.Long().deserializer());
    }

    @AfterEach
    void tearDown() {
        driver.close();
    }

    @Test
    void shouldSendOnePartialPerKeyAndBucketPerFlushStampedWithTheLatestEventTime() {
        input.pipeInput("u1", "/a", T0.plusSeconds(5));
        input.pipeInput("u2", "/a", T0.plusSeconds(50));
        input.pipeInput("u3", "/b", T0.plusSeconds(10));

        assertTrue(partials.isEmpty(), "nothing leaves before the flush");
        driver.advanceWallClockTime(FLUSH);

        // Bucket-major order, then key order.
        assertEquals(List.of("/a=2@" + T0.plusSeconds(50), "/b=1@" + T0.plusSeconds(10)), partials());
        assertEquals(Map.of("/a@" + T0, 2L, "/b@" + T0, 1L), windowed.readKeyValuesToMap());
    }

    @Test
    void shouldSendOlderBucketsAtOnceWhenEventTimeEntersANewBucket() {
        input.pipeInput("u1", "/a", T0.plusSeconds(5));
        input.pipeInput("u2", "/b", T0.plusSeconds(10));
        input.pipeInput("u3", "/a", T0.plusSeconds(61));

        // The first minute leaves with the first record of the second, which stays buffered.
        assertEquals(List.of("/a=1@" + T0.plusSeconds(5), "/b=1@" + T0.plusSeconds(10)), partials());

        // A late record of the first minute waits for the flush like any other.
        input.pipeInput("u4", "/a", T0.plusSeconds(20));
        assertTrue(partials.isEmpty());
        driver.advanceWallClockTime(FLUSH);
        assertEquals(List.of("/a=1@" + T0.plusSeconds(20), "/a=1@" + T0.plusSeconds(61)), partials());
        assertEquals(Map.of("/a@" + T0, 2L, "/b@" + T0, 1L, "/a@" + T0.plusSeconds(60), 1L), windowed.readKeyValuesToMap());
    }

    @Test
    void shouldStampEachPartialWithAWatermarkNoLaterThanAnyPartialNotSentYet() {
        input.pipeInput("u1", "/b", T0.plusSeconds(20));
        input.pipeInput("u2", "/a", T0.plusSeconds(30));
        input.pipeInput("u3", "-", T0.plusSeconds(45)); // skipped, but taken: the watermark may pass it
        driver.advanceWallClockTime(FLUSH);
        // /a then /b: after /a, /b (from 10:00:20) is still to come; after /b, nothing.
        assertEquals(List.of("/a@" + T0.plusSeconds(20), "/b@" + T0.plusSeconds(45)), watermarks());

        input.pipeInput("u1", "/c", T0.plusSeconds(50));
        input.pipeInput("u2", "/a", T0.plusSeconds(70)); // a new minute sends the first; /a of 10:01 stays
        assertEquals(List.of("/c@" + T0.plusSeconds(50)), watermarks());
        input.pipeInput("u3", "/b", T0.plusSeconds(40)); // late into the first minute, within any grace
        input.pipeInput("u1", "/d", T0.plusSeconds(90));
        driver.advanceWallClockTime(FLUSH);
        // The late /b goes first (older minute), while /a of 10:01:10 is still to come.
        assertEquals(List.of("/b@" + T0.plusSeconds(70), "/a@" + T0.plusSeconds(90), "/d@" + T0.plusSeconds(90)),
                watermarks());
    }

    /** The partials sent, as {@code key@watermark}. */
    private List<String> watermarks() {
        return partials.readRecordsToList().stream().map(r -> r.key() + "@" + Instant.ofEpochMilli(
                java.nio.ByteBuffer.wrap(r.headers().lastHeader(Watermarks.TIME_HEADER).value()).getLong())).toList();
    }

    private List<String> partials() {
        return partials.readRecordsToList().stream().map(r -> r.key() + "=" + r.value() + "@" + r.getRecordTime()).toList();
    }

    @Test
    void shouldEmptyTheBufferOnEachFlushSoPartialsAddUpDownstream() {
        input.pipeInput("u1", "/a", T0.plusSeconds(1));
        input.pipeInput("u2", "/a", T0.plusSeconds(2));
        driver.advanceWallClockTime(FLUSH);
        assertEquals(List.of(2L), partials.readValuesToList());

        driver.advanceWallClockTime(FLUSH);
        assertTrue(partials.isEmpty(), "an empty buffer sends nothing");

        input.pipeInput("u3", "/a", T0.plusSeconds(3));
        driver.advanceWallClockTime(FLUSH);
        assertEquals(List.of(1L), partials.readValuesToList());
        // The window's running sum saw both partials: 2, then 3.
        assertEquals(List.of(2L, 3L), windowed.readValuesToList());
    }

    @Test
    void shouldSkipRecordsWithoutATargetKey() {
        input.pipeInput("u1", "-", T0);
        input.pipeInput("u2", "/a", T0);
        driver.advanceWallClockTime(FLUSH);

        assertEquals(List.of(KeyValue.pair("/a", 1L)), partials.readKeyValuesToList());
        assertEquals(List.of(KeyValue.pair("/a@" + T0, 1L)), windowed.readKeyValuesToList());
    }

    @Test
    void shouldKeepThePartialsOfAnUnflushedBufferInItsStore() {
        input.pipeInput("u1", "/a", T0);
        input.pipeInput("u2", "/b", T0);

        assertEquals(2, driver.getKeyValueStore("test-preaggregate-views-buffer").approximateNumEntries());
        driver.advanceWallClockTime(FLUSH);
        assertEquals(0, driver.getKeyValueStore("test-preaggregate-views-buffer").approximateNumEntries());
        assertEquals(2, partials.readRecordsToList().size());
        assertEquals(2, windowed.readRecordsToList().size());
    }
}
