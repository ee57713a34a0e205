package io.eventpipeline.market.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.eventpipeline.core.app.PipelineApp;
import io.eventpipeline.core.config.ConfigSource;
import io.eventpipeline.core.config.PipelineConfig;
import io.eventpipeline.core.reactive.EventSink;
import io.eventpipeline.core.reactive.Outbound;
import io.eventpipeline.core.reactive.ReactiveKafka;
import io.eventpipeline.core.reactive.SinkOptions;
import io.eventpipeline.core.serde.Json;
import io.eventpipeline.localkafka.LocalKafkaBroker;
import io.eventpipeline.localkafka.LocalKafkaExtension;
import io.eventpipeline.localkafka.TopicProbe;
import io.eventpipeline.market.MarketApp;
import io.eventpipeline.market.MarketTopics;
import io.eventpipeline.market.event.Tick;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Flux;

/**
 * Two instances of the market-data app share the work; each answers every symbol's queries, from its own
 * stores or by asking the instance that holds the symbol, and both give the same answer.
 */
@ExtendWith(LocalKafkaExtension.class)
class MarketRoutingIT {

    private static final int SYMBOLS = 24;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void shouldAnswerEverySymbolFromEitherInstance(LocalKafkaBroker broker, @TempDir Path dir) throws Exception {
        Instant t0 = Instant.now().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.MINUTES);
        try (PipelineApp a = PipelineApp.start(new MarketApp(), config(broker, dir.resolve("a")));
             PipelineApp b = PipelineApp.start(new MarketApp(), config(broker, dir.resolve("b")));
             EventSink<String, Tick> sink = ReactiveKafka.sink(Map.of("bootstrap.servers", broker.bootstrapServers()),
                     MarketTopics.TICKS, SinkOptions.named("market-routing-it"))) {
            a.awaitReady(Duration.ofSeconds(90));
            b.awaitReady(Duration.ofSeconds(90));

            // Symbol i trades twice; its second trade is at price 10 + i, sequence 2.
            List<Outbound<String, Tick>> ticks = new ArrayList<>();
            for (int i = 0; i < SYMBOLS; i++) {
                String symbol = "R" + i;
                ticks.add(Outbound.of(symbol, new Tick(symbol, 9.0 + i, 100L, null, null, null, 1L, t0.plusSeconds(i))));
                ticks.add(Outbound.of(symbol, new Tick(symbol, 10.0 + i, 200L, null, null, null, 2L, t0.plusSeconds(30 + i))));
            }
            long failed = sink.send(Flux.fromIterable(ticks)).filter(r -> !r.ok()).count().block();
            assertEquals(0, failed, "ticks not sent");
            new TopicProbe(broker, Duration.ofSeconds(120)).awaitConsumed(a.config().applicationId(), MarketTopics.TICKS.name());

            int[] local = new int[2];
            List<PipelineApp> instances = List.of(a, b);
            for (int i = 0; i < SYMBOLS; i++) {
                String symbol = "R" + i;
                for (int n = 0; n < 2; n++) {
                    int port = instances.get(n).httpPort();
                    JsonNode latest = awaitOk(port, "/symbols/" + symbol + "/latest");
                    assertEquals(2, latest.get("lastSequence").asLong(), symbol + " from instance " + n);
                    assertEquals(10.0 + i, latest.get("latest").get("price").asDouble(), symbol + " from instance " + n);
                    JsonNode candles = awaitOk(port, "/symbols/" + symbol + "/candles?from=" + t0.minusSeconds(60) + "&to=" + t0.plusSeconds(60));
                    assertEquals(300, candles.get("candles").get(0).get("volume").asLong(), symbol + " from instance " + n);
                    // Which instance holds it: only the holder answers when told to answer locally.
                    if (get(port, "/symbols/" + symbol + "/latest?local=true").statusCode() == 200) {
                        local[n]++;
                    }
                }
            }
            assertEquals(SYMBOLS, local[0] + local[1], "each symbol held by exactly one instance");
            assertTrue(local[0] > 0 && local[1] > 0, "both instances hold symbols: " + local[0] + " and " + local[1]);
        }
    }

    private static PipelineConfig config(LocalKafkaBroker broker, Path dir) {
        return PipelineConfig.load(MarketTopics.APP, 0, ConfigSource.of(Map.of(
                "PIPELINE_BOOTSTRAP_SERVERS", broker.bootstrapServers(),
                "PIPELINE_STATE_DIR", dir.resolve("state").toString(),
                "PIPELINE_HTTP_HOST", "127.0.0.1", "PIPELINE_ADVERTISED_HOST", "127.0.0.1",
                "PIPELINE_HTTP_PORT", "0"), Map.of()));
    }

    /** The answer once it is 200: while the instances rebalance, queries answer 503. */
    private static JsonNode awaitOk(int port, String path) throws Exception {
        AtomicReference<HttpResponse<String>> ok = new AtomicReference<>();
        await(path + " on port " + port).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            HttpResponse<String> response = get(port, path);
            assertEquals(200, response.statusCode(), path + " on port " + port + ": " + response.body());
            ok.set(response);
        });
        return Json.mapper().readTree(ok.get().body());
    }

    private static HttpResponse<String> get(int port, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
