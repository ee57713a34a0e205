package io.eventpipeline.core.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.eventpipeline.core.KafkaProbe;
import io.eventpipeline.core.app.PipelineApp;
import io.eventpipeline.core.app.StreamsAppDefinition;
import io.eventpipeline.core.config.ConfigSource;
import io.eventpipeline.core.config.PipelineConfig;
import io.eventpipeline.core.http.Routes;
import io.eventpipeline.core.query.InteractiveQueries;
import io.eventpipeline.core.serde.Json;
import io.eventpipeline.core.serde.JsonSerde;
import io.eventpipeline.core.topic.TopicSpec;
import io.eventpipeline.localkafka.LocalKafkaBroker;
import io.eventpipeline.localkafka.LocalKafkaExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The coordinator on a real broker: flows started by events run their steps through participants that are
 * choreographed processors of their own (here in the same app), each flow ends once in the right final
 * status, the compensations run exactly for the flows that failed, and the flows answer over HTTP.
 */
@ExtendWith(LocalKafkaExtension.class)
class FlowIT {

    private static final int FLOWS = 200;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void shouldEndEveryFlowOnceAndCompensateExactlyTheFailedOnes(LocalKafkaBroker broker, @TempDir Path dir) throws Exception {
        String run = "flow-" + Long.toHexString(System.nanoTime());
        FlowDefinition order = FlowDefinition.of("order", run + ".replies", run + ".outcomes", List.of(
                FlowStep.sends("reserve", run + ".reserve", data -> (String) data.get("account"), data -> Map.of("amount", data.get("amount")))
                        .withTimeout(Duration.ofSeconds(20))
                        .withCompensation(run + ".release", data -> Map.of("account", data.get("account"))),
                FlowStep.sends("place", run + ".place", data -> (String) data.get("account"), data -> Map.of("amount", data.get("amount")))
                        .withTimeout(Duration.ofSeconds(20))));
        PipelineConfig config = PipelineConfig.load(run, 0, ConfigSource.of(Map.of(
                "PIPELINE_BOOTSTRAP_SERVERS", broker.bootstrapServers(),
                "PIPELINE_STATE_DIR", dir.toString(),
                "PIPELINE_HTTP_HOST", "127.0.0.1", "PIPELINE_ADVERTISED_HOST", "127.0.0.1"), Map.of()));

        try (PipelineApp app = PipelineApp.start(new OrderApp(run, order), config)) {
            app.awaitReady(Duration.ofSeconds(90));
            List<String[]> starts = new ArrayList<>();
            for (int i = 0; i < FLOWS; i++) {
                // Amounts of 7 are refused when placed: those flows release their reservation.
                starts.add(new String[] {"acc-" + i % 13, Json.mapper().writeValueAsString(new FlowStart("f-" + i,
                        Map.of("account", "acc-" + i % 13, "amount", i % 10)))});
            }
            KafkaProbe.produceStrings(broker.bootstrapServers(), run + ".starts", starts);

            List<ConsumerRecord<String, FlowOutcome>> outcomes = KafkaProbe.readUntil(broker.bootstrapServers(), order.outcomeTopic(),
                    new StringDeserializer(), JsonSerde.of(FlowOutcome.class), Duration.ofSeconds(120),
                    seen -> seen.size() >= FLOWS, FLOWS + " outcomes");
            Map<String, FlowStatus> ended = new HashMap<>();
            for (ConsumerRecord<String, FlowOutcome> outcome : outcomes) {
                assertEquals(null, ended.put(outcome.key(), outcome.value().status()), "two outcomes for " + outcome.key());
            }
            assertEquals(FLOWS, ended.size());
            for (int i = 0; i < FLOWS; i++) {
                assertEquals(i % 10 == 7 ? FlowStatus.COMPENSATED : FlowStatus.COMPLETED, ended.get("f-" + i), "f-" + i);
            }
            List<ConsumerRecord<String, FlowCommand>> releases = KafkaProbe.readUntil(broker.bootstrapServers(), run + ".release",
                    new StringDeserializer(), JsonSerde.of(FlowCommand.class), Duration.ofSeconds(30),
                    seen -> seen.size() >= FLOWS / 10, "releases");
            assertEquals(FLOWS / 10, releases.size());
            assertTrue(releases.stream().allMatch(r -> r.value().flowId().endsWith("7")));

            int port = app.httpPort();
            JsonNode one = Json.mapper().readTree(get(port, "/flows/f-17").body());
            assertEquals("COMPENSATED", one.get("status").asText());
            assertEquals("place", one.get("failedStep").asText());
            JsonNode compensated = Json.mapper().readTree(get(port, "/flows?status=compensated&limit=5").body());
            assertEquals(FLOWS / 10, compensated.get("counts").get("COMPENSATED").asInt());
            assertEquals(FLOWS - FLOWS / 10, compensated.get("counts").get("COMPLETED").asInt());
            assertEquals(5, compensated.get("flows").size());
            assertEquals(404, get(port, "/flows/nobody").statusCode());
            assertEquals(400, get(port, "/flows?status=LOST").statusCode());
        }
    }

    /** An app with the order flow and its participants: a ledger that reserves and releases, a market that places. */
    private record OrderApp(String run, FlowDefinition order) implements StreamsAppDefinition {

        @Override
        public String name() {
            return run;
        }

        @Override
        public int defaultHttpPort() {
            return 0;
        }

        @Override
        public List<TopicSpec> topics(PipelineConfig config) {
            List<TopicSpec> topics = new ArrayList<>();
            for (String topic : List.of(run + ".starts", order.replyTopic(), order.outcomeTopic())) {
                topics.add(TopicSpec.of(topic, 4));
            }
            order.commandTopics().forEach(topic -> topics.add(TopicSpec.of(topic, 4)));
            topics.add(TopicSpec.of(deadLetterTopic(), 1));
            return topics;
        }

        @Override
        public Topology topology(PipelineConfig config) {
            StreamsBuilder builder = new StreamsBuilder();
            FlowCoordinator.build(builder, order, builder.stream(run + ".starts",
                    Consumed.with(Serdes.String(), JsonSerde.of(FlowStart.class)).withName("order-source-starts")), 4);
            participant(builder, run + ".reserve", command -> FlowReply.success(command, Map.of("reserved", true), Instant.now()));
            participant(builder, run + ".release", command -> FlowReply.success(command, Map.of(), Instant.now()));
            participant(builder, run + ".place", command -> ((Number) command.payload().get("amount")).intValue() == 7
                    ? FlowReply.failure(command, "amount 7 refused", Instant.now())
                    : FlowReply.success(command, Map.of("orderId", "o-" + command.flowId()), Instant.now()));
            return builder.build();
        }

        private void participant(StreamsBuilder builder, String topic, java.util.function.Function<FlowCommand, FlowReply> answer) {
            String name = topic.substring(topic.lastIndexOf('.') + 1);
            KStream<String, FlowCommand> commands = builder.stream(topic,
                    Consumed.with(Serdes.String(), JsonSerde.of(FlowCommand.class)).withName("order-source-" + name));
            commands.map((key, command) -> org.apache.kafka.streams.KeyValue.pair(command.flowId(), answer.apply(command)),
                            Named.as("order-answer-" + name))
                    .to(order.replyTopic(), Produced.with(Serdes.String(), JsonSerde.of(FlowReply.class)).withName("order-reply-" + name));
        }

        @Override
        public void routes(Routes routes, InteractiveQueries queries, PipelineConfig config) {
            new FlowQueries(queries, order).addTo(routes);
        }
    }

    private static HttpResponse<String> get(int port, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
