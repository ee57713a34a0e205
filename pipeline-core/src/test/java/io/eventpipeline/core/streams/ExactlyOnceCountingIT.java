package io.eventpipeline.core.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.eventpipeline.core.CountingTopology;
import io.eventpipeline.core.KafkaProbe;
import io.eventpipeline.core.TestEvent;
import io.eventpipeline.core.app.PipelineApp;
import io.eventpipeline.core.app.StreamsAppDefinition;
import io.eventpipeline.core.config.ConfigSource;
import io.eventpipeline.core.config.PipelineConfig;
import io.eventpipeline.core.errors.DeadLetterHeaders;
import io.eventpipeline.core.errors.DeadLetterReason;
import io.eventpipeline.core.serde.Json;
import io.eventpipeline.core.topic.Topic;
import io.eventpipeline.core.topic.TopicSpec;
import io.eventpipeline.core.trace.TraceContext;
import io.eventpipeline.localkafka.LocalKafkaBroker;
import io.eventpipeline.localkafka.LocalKafkaExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The foundation's end-to-end guarantees, on the real broker: exact counts under exactly-once, and dead letters. */
@ExtendWith(LocalKafkaExtension.class)
class ExactlyOnceCountingIT {

    private static final int KEYS = 50;
    private static final int GOOD_EVENTS = 10_000;

    @Test
    void shouldCountEveryGoodEventExactlyOnceAndDeadLetterEveryBadOne(LocalKafkaBroker broker, @TempDir Path stateDir)
            throws Exception {
        String run = "eos-" + Long.toHexString(System.nanoTime());
        Topic<String, TestEvent> input = Topic.json(run + ".events", TestEvent.class);
        Topic<String, Long> output = CountingTopology.counts(run + ".counts");
        StreamsAppDefinition definition = countingApp(run, input, output);
        PipelineConfig config = PipelineConfig.load(run, 0, ConfigSource.of(Map.of(
                "PIPELINE_BOOTSTRAP_SERVERS", broker.bootstrapServers(),
                "PIPELINE_STATE_DIR", stateDir.toString(),
                "PIPELINE_HTTP_HOST", "127.0.0.1",
                "PIPELINE_ADVERTISED_HOST", "127.0.0.1"), Map.of()));

        try (PipelineApp app = PipelineApp.start(definition, config)) {
            app.awaitReady(Duration.ofSeconds(90));
            HttpResponse<String> health = get(app.httpPort(), "/health/ready");
            assertEquals(200, health.statusCode());
            // The only instance owns every input partition.
            JsonNode owned = Json.mapper().readTree(health.body()).get("partitions").get(input.name());
            assertEquals("RUNNING", Json.mapper().readTree(health.body()).get("state").asText(), health.body());
            assertTrue(owned != null && owned.size() > 0 && owned.get(0).asInt() == 0, health.body());

            // 10,000 good events over 50 keys, with bad records of every kind mixed in.
            Map<String, Long> expected = new HashMap<>();
            List<String[]> records = new ArrayList<>();
            List<String> badValues = List.of("{not json", "{\"id\":\"x\",\"key\":\"k\",\"amount\":-1}",
                    "{\"id\":\"x\",\"amount\":1}", "{\"id\":\"x\",\"key\":\"k\",\"amount\":13}", "[]");
            for (int i = 0; i < GOOD_EVENTS; i++) {
                String key = "k" + (i % KEYS);
                expected.merge(key, 1L, Long::sum);
                records.add(new String[] {key, "{\"id\":\"" + i + "\",\"key\":\"" + key + "\",\"amount\":" + (i % 7) + "}"});
                if (i % 2_000 == 0) {
                    for (String bad : badValues) {
                        records.add(new String[] {key, bad});
                    }
                }
            }
            int badCount = badValues.size() * (GOOD_EVENTS / 2_000);
            KafkaProbe.produceStrings(broker.bootstrapServers(), input.name(), records);

            List<ConsumerRecord<String, Long>> counts = KafkaProbe.readUntil(broker.bootstrapServers(), output.name(),
                    output.keySerde().deserializer(), output.valueSerde().deserializer(), Duration.ofSeconds(90),
                    seen -> latestByKey(seen).equals(expected), "a count of " + GOOD_EVENTS + " events");
            Map<String, Long> latest = latestByKey(counts);
            assertEquals(GOOD_EVENTS, latest.values().stream().mapToLong(Long::longValue).sum());
            // Counts only ever rise by one per event per key: no update was applied twice.
            for (ConsumerRecord<String, Long> c : counts) {
                assertTrue(c.value() <= expected.get(c.key()), "count above expected for " + c.key());
            }
            assertTraced(counts.get(counts.size() - 1), input.name());

            List<ConsumerRecord<byte[], byte[]>> dead = KafkaProbe.readUntil(broker.bootstrapServers(), run + ".dlq",
                    new ByteArrayDeserializer(), new ByteArrayDeserializer(), Duration.ofSeconds(30),
                    seen -> seen.size() >= badCount, badCount + " dead letters");
            assertEquals(badCount, dead.size());
            Set<String> offsets = new HashSet<>();
            for (ConsumerRecord<byte[], byte[]> d : dead) {
                assertEquals(input.name(), DeadLetterHeaders.get(d.headers(), DeadLetterHeaders.TOPIC));
                assertEquals(run, DeadLetterHeaders.get(d.headers(), DeadLetterHeaders.APP));
                offsets.add(DeadLetterHeaders.get(d.headers(), DeadLetterHeaders.PARTITION) + "/"
                        + DeadLetterHeaders.get(d.headers(), DeadLetterHeaders.OFFSET));
                assertTrue(DeadLetterHeaders.get(d.headers(), DeadLetterHeaders.EXCEPTION) != null);
                assertTrue(DeadLetterHeaders.get(d.headers(), DeadLetterHeaders.MESSAGE) != null);
            }
            assertEquals(badCount, offsets.size(), "each bad record once, with its own coordinates");
            assertEquals(Map.of("malformed", 10L, "invalid", 10L, "processing-failed", 5L), reasons(dead));

            assertEquals(10, app.metrics().deadLetters(DeadLetterReason.MALFORMED));
            String metrics = get(app.httpPort(), "/metrics").body();
            assertTrue(metrics.contains("pipeline_dlq_records_total{app=\"" + run + "\""), "dead-letter counter exported");
            assertTrue(metrics.contains("pipeline_events_in_total{app=\"" + run + "\""), "input counter exported");
            assertTrue(metrics.contains("kafka_stream_"), "Kafka Streams metrics exported");
            assertEquals(records.size(), (long) app.metrics().eventsIn(input.name()));
        }
    }

    private static void assertTraced(ConsumerRecord<String, Long> output, String inputTopic) {
        assertTrue(TraceContext.from(output.headers()).isPresent(), "output carries a traceparent");
        String causation = TraceContext.causation(output.headers()).orElseThrow();
        assertTrue(causation.startsWith(inputTopic + "/"), "causation names the input record: " + causation);
    }

    private static Map<String, Long> reasons(List<ConsumerRecord<byte[], byte[]>> dead) {
        Map<String, Long> byReason = new HashMap<>();
        dead.forEach(d -> byReason.merge(DeadLetterHeaders.get(d.headers(), DeadLetterHeaders.REASON), 1L, Long::sum));
        return byReason;
    }

    private static Map<String, Long> latestByKey(List<ConsumerRecord<String, Long>> records) {
        Map<String, Long> latest = new HashMap<>();
        records.forEach(r -> latest.put(r.key(), r.value()));
        return latest;
    }

    private static HttpResponse<String> get(int port, String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private static StreamsAppDefinition countingApp(String name, Topic<String, TestEvent> input, Topic<String, Long> output) {
        return new StreamsAppDefinition() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public int defaultHttpPort() {
                return 0;
            }

            @Override
            public List<TopicSpec> topics(PipelineConfig config) {
                return List.of(TopicSpec.of(input, 4), TopicSpec.of(output, 4), TopicSpec.of(deadLetterTopic(), 1));
            }

            @Override
            public Topology topology(PipelineConfig config) {
                return CountingTopology.build(new StreamsBuilder(), input, output);
            }
        };
    }
}
