package io.eventpipeline.runner.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;
import java.util.Spliterators;
import java.util.stream.StreamSupport;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class StreamsBaselineTest {

    private static final byte[] A = bytes("a");
    private static final byte[] B = bytes("b");

    @ParameterizedTest
    @EnumSource(StreamsBaseline.class)
    void shouldWriteEveryRecordInOrder(StreamsBaseline baseline) {
        try (TopologyTestDriver driver = driver(baseline)) {
            TestInputTopic<byte[], byte[]> in = driver.createInputTopic("in", new ByteArraySerializer(), new ByteArraySerializer());
            TestOutputTopic<byte[], byte[]> out = driver.createOutputTopic("out", new ByteArrayDeserializer(), new ByteArrayDeserializer());

            in.pipeInput(A, bytes("{\"v\":1}"));
            in.pipeInput(B, bytes("{\"v\":2}"));
            in.pipeInput(null, bytes("not json"));
            in.pipeInput(A, bytes("{\"v\":3}"));

            List<KeyValue<byte[], byte[]>> written = out.readKeyValuesToList();
            assertEquals(List.of("a={\"v\":1}", "b={\"v\":2}", "null=not json", "a={\"v\":3}"),
                    written.stream().map(kv -> text(kv.key) + "=" + text(kv.value)).toList());
        }
    }

    @Test
    void shouldKeepTheLastValueOfEachKeyInTheStore() {
        try (TopologyTestDriver driver = driver(StreamsBaseline.STORE)) {
            TestInputTopic<byte[], byte[]> in = driver.createInputTopic("in", new ByteArraySerializer(), new ByteArraySerializer());
            in.pipeInput(A, bytes("1"));
            in.pipeInput(B, bytes("2"));
            in.pipeInput(A, bytes("3"));
            in.pipeInput(null, bytes("4"));

            KeyValueStore<byte[], byte[]> store = driver.getKeyValueStore(StreamsBaseline.STORE_NAME);
            assertArrayEquals(bytes("3"), store.get(A));
            assertArrayEquals(bytes("2"), store.get(B));
            try (var all = store.all()) {
                assertEquals(2, (int) StreamSupport.stream(Spliterators.spliteratorUnknownSize(all, 0), false).count());
            }
        }
    }

    @Test
    void shouldReencodeJsonAndStoreIt() {
        try (TopologyTestDriver driver = driver(StreamsBaseline.JSON)) {
            TestInputTopic<byte[], byte[]> in = driver.createInputTopic("in", new ByteArraySerializer(), new ByteArraySerializer());
            TestOutputTopic<byte[], byte[]> out = driver.createOutputTopic("out", new ByteArrayDeserializer(), new ByteArrayDeserializer());
            in.pipeInput(A, bytes("{ \"v\" : 1 ,\n \"w\": \"x\" }"));

            assertEquals("{\"v\":1,\"w\":\"x\"}", text(out.readValue()));
            KeyValueStore<byte[], byte[]> store = driver.getKeyValueStore(StreamsBaseline.STORE_NAME);
            assertEquals("{\"v\":1,\"w\":\"x\"}", text(store.get(A)));
        }
    }

    @Test
    void shouldHaveNoStoreWhenPassingThrough() {
        try (TopologyTestDriver driver = driver(StreamsBaseline.PASS_THROUGH)) {
            assertNull(driver.getKeyValueStore(StreamsBaseline.STORE_NAME));
        }
    }

    @Test
    void shouldGiveEachItsOwnApplicationId() {
        assertEquals(List.of("bench-baseline-pass-through", "bench-baseline-store", "bench-baseline-json"),
                List.of(StreamsBaseline.values()).stream().map(StreamsBaseline::applicationId).toList());
    }

    private static TopologyTestDriver driver(StreamsBaseline baseline) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, baseline.applicationId());
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        return new TopologyTestDriver(baseline.topology("in", "out"), props);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] bytes) {
        return bytes == null ? "null" : new String(bytes, StandardCharsets.UTF_8);
    }
}
