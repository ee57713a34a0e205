package io.eventpipeline.clickstream.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.eventpipeline.clickstream.ClickstreamApp;
import io.eventpipeline.clickstream.ClickstreamTopics;
import io.eventpipeline.clickstream.event.ClickEvent;
import io.eventpipeline.clickstream.generator.ClickstreamGenerator;
import io.eventpipeline.core.app.PipelineApp;
import io.eventpipeline.core.config.ConfigSource;
import io.eventpipeline.core.config.PipelineConfig;
import io.eventpipeline.core.errors.DeadLetterHeaders;
import io.eventpipeline.core.event.Alert;
import io.eventpipeline.core.generator.EventGenerator;
import io.eventpipeline.core.generator.GeneratorSpec;
import io.eventpipeline.core.generator.SteppingClock;
import io.eventpipeline.core.reactive.EventSink;
import io.eventpipeline.core.reactive.Outbound;
import io.eventpipeline.core.reactive.ReactiveKafka;
import io.eventpipeline.core.reactive.SinkOptions;
import io.eventpipeline.core.serde.Json;
import io.eventpipeline.localkafka.LocalKafkaBroker;
import io.eventpipeline.localkafka.LocalKafkaExtension;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Flux;

/**
 * Generator to app to outputs on the real broker: dashboard rankings and funnel equal to what the input
 * says, bad records in the dead-letter topic, an injected bot alerted once per window, queries answered.
 */
@ExtendWith(LocalKafkaExtension.class)
class ClickstreamIT {

    private static final int EVENTS = 6_000;
    /** Event time runs 20 ms per event: 6,000 events span two minutes. */
    private static final Duration STEP = Duration.ofMillis(20);

    @Test
    void shouldComputeDashboardsAlertsAndQueriesFromGeneratedTraffic(LocalKafkaBroker broker, @TempDir Path dir)
            throws Exception {
        Instant t0 = Instant.now().minus(Duration.ofHours(2)).truncatedTo(ChronoUnit.HOURS);
        Map<String, Object> client = Map.of("bootstrap.servers", broker.bootstrapServers());
        PipelineConfig config = PipelineConfig.load(ClickstreamTopics.APP, 0, ConfigSource.of(Map.of(
                "PIPELINE_BOOTSTRAP_SERVERS", broker.bootstrapServers(),
                "PIPELINE_STATE_DIR", dir.resolve("state").toString(),
                "PIPELINE_HTTP_HOST", "127.0.0.1", "PIPELINE_ADVERTISED_HOST", "127.0.0.1",
                // The bot below is sent after the two minutes of generated traffic: its events are that late in
                // their partition, beyond the default 30-s grace.
                "PIPELINE_CLICKSTREAM_GRACE", "5m", "PIPELINE_CLICKSTREAM_SESSION_GAP", "10s",
                "PIPELINE_CLICKSTREAM_ARCHIVE_DIR", dir.resolve("archive").toString()), Map.of()));

        try (PipelineApp app = PipelineApp.start(new ClickstreamApp(), config)) {
            app.awaitReady(Duration.ofSeconds(90));

            // Generated traffic, replayed fast: the two minutes of event time are sent in a second or two, so
            // partitions drift apart in event time by up to the whole span (the windows wait for every
            // partition's watermark; ClickstreamCrashIT runs with the default grace).
            // With malformed records; no bots but the one injected below.
            Expected expected = new Expected();
            var factory = new ClickstreamGenerator().factory(Map.of("out-of-order", "0", "bot-share", "0",
                    "malformed", "0.01", "users", "300", "idle-seconds", "30"));
            var generator = new EventGenerator<>(GeneratorSpec.of("it", 0).withCount(EVENTS), factory,
                    new SteppingClock(t0, STEP), reactor.core.scheduler.Schedulers.parallel());
            List<Outbound<String, byte[]>> records = generator.events().collectList().block();
            records.forEach(expected::add);
            // A bot, injected: 40 views of distinct pages in 4 s (above 3 pages/s) in each of two 10-second windows.
            for (int i = 0; i < 80; i++) {
                Instant at = t0.plusSeconds(30 + (i < 40 ? 0 : 10)).plusMillis(100L * (i % 40));
                Outbound<String, byte[]> bot = Outputs.raw(ClickEvent.pageView("bot-evt-" + i, "bot-injected", "s", "/p/" + (900 + i), at));
                records.add(bot);
                expected.add(bot);
            }
            try (EventSink<String, byte[]> sink = ReactiveKafka.sink(client, new ClickstreamGenerator().topic(),
                    SinkOptions.named("clickstream-it"))) {
                assertEquals(0, sink.send(Flux.fromIterable(records)).filter(r -> !r.ok()).count().block());
                // A user's session is queryable (asked before the windows are closed below: that moves stream
                // time past the session store's retention, the session gap plus grace).
                ClickEvent someone = expected.events.get(0);
                AtomicReference<HttpResponse<String>> session = new AtomicReference<>();
                await("the session of " + someone.userId()).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                        .untilAsserted(() -> {
                            HttpResponse<String> answer = get(app.httpPort(), "/users/" + someone.userId() + "/session");
                            assertEquals(200, answer.statusCode(), answer.body());
                            session.set(answer);
                        });
                assertEquals(someone.userId(), Json.mapper().readTree(session.get().body()).get("session").get("userId").asText());
                // Then close the test's windows, without overtaking partials still on their way.
                Outputs.closeWindows(broker, config.applicationId(), sink, t0.plus(Duration.ofMinutes(3)),
                        t0.plus(Duration.ofMinutes(30)));
            }

            // Rankings of the first two minutes equal those computed from the input.
            Outputs.assertMinutesExact(broker, expected, List.of(t0, t0.plusSeconds(60)));

            // Every malformed record is a dead letter with its coordinates; none of the good ones are.
            var dead = io.eventpipeline.clickstream.it.Topics.readUntil(broker, ClickstreamTopics.DEAD_LETTERS,
                    seen -> seen.size() >= expected.malformed, "the dead letters");
            assertEquals(expected.malformed, dead.size());
            for (ConsumerRecord<byte[], byte[]> d : dead) {
                assertEquals(ClickstreamTopics.EVENTS.name(), DeadLetterHeaders.get(d.headers(), DeadLetterHeaders.TOPIC));
                assertTrue(DeadLetterHeaders.get(d.headers(), DeadLetterHeaders.OFFSET) != null);
            }

            // The injected bot: one alert per window in which it broke a rule, none for generated humans.
            var alerts = Topics.readUntil(broker, ClickstreamTopics.ALERTS.name(), seen -> seen.size() >= 2, "two bot alerts");
            List<Alert> decoded = new ArrayList<>();
            alerts.forEach(a -> decoded.add(ClickstreamTopics.ALERTS.valueSerde().deserializer().deserialize("t", a.value())));
            assertEquals(List.of("bot-injected", "bot-injected"), decoded.stream().map(Alert::key).toList());
            assertEquals(2, decoded.stream().map(Alert::alertId).distinct().count(), "one per window");

            // Queries.
            int port = app.httpPort();
            JsonNode top = Json.mapper().readTree(get(port, "/pages/top?window=1m").body());
            assertTrue(top.get("pages").size() > 0);
            HttpResponse<String> related = get(port, "/pages/" + URLEncoder.encode("/", StandardCharsets.UTF_8) + "/related");
            assertEquals(200, related.statusCode(), related.body());
            assertEquals(404, get(port, "/users/nobody-at-all/session").statusCode());
            assertEquals(400, get(port, "/pages/top?window=2h").statusCode());
            assertEquals(400, get(port, "/pages/%2F/related?limit=-1").statusCode());
        }
    }

    private static HttpResponse<String> get(int port, String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
