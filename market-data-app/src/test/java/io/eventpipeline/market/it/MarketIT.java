package io.eventpipeline.market.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.eventpipeline.core.errors.DeadLetterHeaders;
import io.eventpipeline.core.event.Alert;
import io.eventpipeline.core.flow.FlowOutcome;
import io.eventpipeline.core.generator.EventGenerator;
import io.eventpipeline.core.generator.GeneratorReport;
import io.eventpipeline.core.generator.GeneratorSpec;
import io.eventpipeline.core.generator.SteppingClock;
import io.eventpipeline.core.reactive.EventSink;
import io.eventpipeline.core.reactive.ReactiveKafka;
import io.eventpipeline.core.reactive.SinkOptions;
import io.eventpipeline.core.serde.Json;
import io.eventpipeline.market.MarketApp;
import io.eventpipeline.market.MarketTopics;
import io.eventpipeline.market.event.Candle;
import io.eventpipeline.market.event.Signal;
import io.eventpipeline.market.generator.MarketGenerator;
import io.eventpipeline.localkafka.AppProcess;
import io.eventpipeline.localkafka.LocalKafkaBroker;
import io.eventpipeline.localkafka.TopicProbe;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.scheduler.Schedulers;

/**
 * The market-data app on a real broker, in its own JVM, fed by its generator (with every fault at a
 * raised rate) and killed with SIGKILL part-way: once it has caught up again, the candles it answers over
 * HTTP equal those computed directly from the ticks on the topic, every malformed tick is a dead letter,
 * and no alert or signal was sent twice. Runs on its own broker, so that no other test's ticks mix in.
 */
class MarketIT {

    private static final String GROUP = "pipeline-market";
    private static final int TICKS = 60_000;
    /** 60,000 ticks 20 ms apart: twenty minutes of trading. */
    private static final Duration STEP = Duration.ofMillis(20);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void shouldAnswerCandlesEqualToTheTicksAcrossASigkill(@TempDir Path dir) throws Exception {
        try (LocalKafkaBroker broker = LocalKafkaBroker.start()) {
            Instant t0 = Instant.now().minus(Duration.ofHours(2)).truncatedTo(ChronoUnit.HOURS);
            Map<String, Object> client = Map.of("bootstrap.servers", broker.bootstrapServers());
            TopicProbe probe = new TopicProbe(broker, Duration.ofSeconds(120));
            int port = AppProcess.freePort();
            Map<String, String> env = Map.of(
                    "PIPELINE_BOOTSTRAP_SERVERS", broker.bootstrapServers(),
                    "PIPELINE_STATE_DIR", dir.resolve("state").toString(),
                    "PIPELINE_HTTP_HOST", "127.0.0.1", "PIPELINE_ADVERTISED_HOST", "127.0.0.1",
                    "PIPELINE_HTTP_PORT", Integer.toString(port),
                    "PIPELINE_MARKET_GRACE", "1m",
                    "PIPELINE_MARKET_SMA_SHORT", "5", "PIPELINE_MARKET_SMA_LONG", "10", "PIPELINE_MARKET_BREAKOUT_CANDLES", "5",
                    // A restart gets the partitions once the killed member times out: after 10 s, not the default 45 s.
                    "PIPELINE_KAFKA_SESSION_TIMEOUT_MS", "10000");

            AppProcess first = AppProcess.start(MarketApp.class, env, port, dir.resolve("first.log"), "512m", Duration.ofSeconds(120));
            GeneratorReport report;
            try (EventSink<String, byte[]> sink = ReactiveKafka.sink(client, new MarketGenerator().topic(), SinkOptions.named("market-it"))) {
                var factory = new MarketGenerator().factory(Map.of("symbols", "200", "gaps", "0.005", "duplicates", "0.01",
                        "late", "0.02", "malformed", "0.005", "jumps", "0.002", "bursts", "0.002", "crossed", "0.002"));
                report = new EventGenerator<>(new GeneratorSpec(MarketTopics.APP, 0, TICKS, null, 7), factory,
                        new SteppingClock(t0, STEP), Schedulers.parallel()).run(sink).block(Duration.ofSeconds(120));
            }
            assertEquals(TICKS, report.sent(), "every tick written");

            probe.awaitCommitted(GROUP, MarketTopics.TICKS.name(), TICKS / 3);
            first.kill();
            assertTrue(probe.committed(GROUP, MarketTopics.TICKS.name()) < TICKS, "killed before all ticks were processed");

            AppProcess second = AppProcess.start(MarketApp.class, env, port, dir.resolve("second.log"), "512m", Duration.ofSeconds(120));
            try {
                probe.awaitConsumed(GROUP, MarketTopics.TICKS.name());
                ReferenceCandles expected = new ReferenceCandles(probe.readAll(MarketTopics.TICKS.name()));
                assertTrue(expected.duplicates() > 0 && expected.invalid() > 0, "the generator injected faults");

                // Every symbol's 1-minute candles, and the most active symbol's 1-second ones, over HTTP.
                Instant from = t0.minus(Duration.ofMinutes(1));
                Instant to = t0.plus(STEP.multipliedBy(TICKS)).plus(Duration.ofMinutes(1));
                for (String symbol : expected.symbols()) {
                    assertCandles(expected.minutes(symbol), candles(port, symbol, "1m", from, to), symbol + " 1m");
                }
                assertCandles(expected.seconds("AAA"), candles(port, "AAA", "1s", from, to), "AAA 1s");

                // Malformed ticks are dead letters, with where they came from: each one, by its source offset
                // (a crash can write one twice, DeadLetterHandler says when).
                List<ConsumerRecord<byte[], byte[]>> dead = probe.readUntil(MarketTopics.DEAD_LETTERS,
                        seen -> sources(seen).size() >= expected.invalid(), expected.invalid() + " dead letters");
                assertEquals(expected.invalid(), sources(dead).size());
                for (ConsumerRecord<byte[], byte[]> letter : dead) {
                    assertEquals(MarketTopics.TICKS.name(), header(letter, DeadLetterHeaders.TOPIC));
                    assertFalse(header(letter, DeadLetterHeaders.REASON).isBlank());
                }

                // Exactly once through the crash: no alert and no signal twice.
                List<Alert> alerts = values(probe.readAll(MarketTopics.ALERTS.name()), Alert.class);
                Set<String> types = new HashSet<>();
                alerts.forEach(a -> types.add(a.type()));
                assertTrue(types.containsAll(Set.of("SEQUENCE_GAP", "PRICE_JUMP", "VOLUME_SPIKE", "CROSSED_QUOTES")), types.toString());
                assertEquals(alerts.size(), alerts.stream().map(Alert::alertId).distinct().count(), "an alert sent twice");
                List<Signal> signals = values(probe.readAll(MarketTopics.SIGNALS.name()), Signal.class);
                assertEquals(signals.size(), new HashSet<>(signals).size(), "a signal sent twice");

                // Every signal started one trade, and every trade ended once, through the crash.
                assertTrue(signals.size() >= 20, "signals to trade on: " + signals.size());
                Set<String> expectedTrades = new HashSet<>();
                signals.forEach(sig -> expectedTrades.add(sig.symbol() + "-" + sig.timestamp().toEpochMilli() + "-" + sig.reason()));
                List<ConsumerRecord<byte[], byte[]>> trades = probe.readUntil(MarketTopics.TRADES.name(),
                        seen -> seen.size() >= expectedTrades.size(), expectedTrades.size() + " trade outcomes");
                List<FlowOutcome> outcomes = values(trades, FlowOutcome.class);
                Set<String> ended = new HashSet<>();
                outcomes.forEach(o -> assertTrue(ended.add(o.flowId()), "trade " + o.flowId() + " ended twice"));
                assertEquals(expectedTrades, ended);

                // The other queries answer, and refuse what they should.
                JsonNode latest = json(get(port, "/symbols/AAA/latest"));
                assertEquals("AAA", latest.get("latest").get("symbol").asText());
                assertTrue(latest.get("duplicates").asLong() >= 0);
                // The indicators after the latest closed minute: its averages from the reference candles up to it.
                JsonNode indicators = json(get(port, "/symbols/AAA/indicators"));
                Instant closedUpTo = Instant.parse(indicators.get("windowEnd").asText());
                List<Double> closes = expected.minutes("AAA").stream().filter(c -> !c.windowEnd().isAfter(closedUpTo))
                        .map(Candle::close).toList();
                assertEquals(closes.size(), indicators.get("candles").asLong(), indicators.toString());
                assertEquals(mean(closes.subList(closes.size() - 5, closes.size())), indicators.get("smaShort").asDouble(), 1e-9);
                assertEquals(mean(closes.subList(closes.size() - 10, closes.size())), indicators.get("smaLong").asDouble(), 1e-9);
                JsonNode movers = json(get(port, "/movers"));
                assertFalse(movers.get("gainers").isEmpty(), movers.toString());
                assertEquals(404, get(port, "/symbols/NOPE/latest").statusCode());
                assertEquals(404, get(port, "/symbols/NOPE/candles").statusCode());
                assertEquals(400, get(port, "/symbols/AAA/candles?interval=5m").statusCode());
                assertEquals(400, get(port, "/symbols/AAA/candles?from=yesterday").statusCode());
            } finally {
                assertTrue(second.stop(Duration.ofSeconds(60)), "the app stops within 60 s of SIGTERM");
            }
        }
    }

    private static void assertCandles(List<Candle> expected, List<Candle> actual, String what) {
        assertEquals(expected.size(), actual.size(), what + ": candles");
        for (int i = 0; i < expected.size(); i++) {
            Candle e = expected.get(i);
            Candle a = actual.get(i);
            assertEquals(e.windowStart(), a.windowStart(), what);
            String at = what + " at " + e.windowStart();
            assertEquals(List.of(e.open(), e.high(), e.low(), e.close()), List.of(a.open(), a.high(), a.low(), a.close()), at + " OHLC");
            assertEquals(e.volume(), a.volume(), at + " volume");
            assertEquals(e.trades(), a.trades(), at + " trades");
            assertEquals(e.vwap(), a.vwap(), Math.abs(e.vwap()) * 1e-12, at + " VWAP");
        }
    }

    private static double mean(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).sum() / values.size();
    }

    private static List<Candle> candles(int port, String symbol, String interval, Instant from, Instant to) throws Exception {
        HttpResponse<String> response = get(port, "/symbols/" + symbol + "/candles?interval=" + interval + "&from=" + from
                + "&to=" + to + "&limit=100000");
        JsonNode answer = json(response);
        assertFalse(answer.get("truncated").asBoolean());
        List<Candle> candles = new ArrayList<>();
        for (JsonNode candle : answer.get("candles")) {
            candles.add(Json.mapper().treeToValue(candle, Candle.class));
        }
        return candles;
    }

    private static <T> List<T> values(List<ConsumerRecord<byte[], byte[]>> records, Class<T> type) throws Exception {
        List<T> values = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            values.add(Json.mapper().readValue(record.value(), type));
        }
        return values;
    }

    /** The partitions and offsets the dead letters came from. */
    private static Set<String> sources(List<ConsumerRecord<byte[], byte[]>> letters) {
        Set<String> sources = new HashSet<>();
        for (ConsumerRecord<byte[], byte[]> letter : letters) {
            sources.add(Arrays.toString(letter.headers().lastHeader(DeadLetterHeaders.PARTITION).value()) + "@"
                    + Arrays.toString(letter.headers().lastHeader(DeadLetterHeaders.OFFSET).value()));
        }
        return sources;
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? "" : new String(header.value(), java.nio.charset.StandardCharsets.UTF_8);
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        assertEquals(200, response.statusCode(), response.body());
        return Json.mapper().readTree(response.body());
    }

    private static HttpResponse<String> get(int port, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
    }


}
