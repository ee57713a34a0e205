package io.eventpipeline.market.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.eventpipeline.core.flow.FlowCommand;
import io.eventpipeline.core.flow.FlowOutcome;
import io.eventpipeline.core.flow.FlowReply;
import io.eventpipeline.core.flow.FlowStatus;
import io.eventpipeline.core.flow.FlowStep;
import io.eventpipeline.core.reactive.EventSink;
import io.eventpipeline.core.reactive.Outbound;
import io.eventpipeline.core.reactive.ReactiveKafka;
import io.eventpipeline.core.reactive.SendResult;
import io.eventpipeline.core.reactive.SinkOptions;
import io.eventpipeline.core.serde.Json;
import io.eventpipeline.localkafka.AppProcess;
import io.eventpipeline.localkafka.LocalKafkaBroker;
import io.eventpipeline.localkafka.TopicProbe;
import io.eventpipeline.market.MarketApp;
import io.eventpipeline.market.MarketTopics;
import io.eventpipeline.market.event.Signal;
import io.eventpipeline.market.trading.TradeFlow;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Flux;

/**
 * The trade flow on a real broker, the market-data app in its own JVM: 1,000 signals written to
 * {@code market.signals} start 1,000 trades at once against an exchange that rejects, loses acknowledgements
 * and leaves orders unfilled at raised rates, and the app is killed with SIGKILL while hundreds are under
 * way. Once it is back and every trade has ended: each ended exactly once, no order was both filled and
 * cancelled, every symbol's position equals the signed sum of the exchange's fills, and nothing stays
 * reserved. Runs on its own broker.
 */
class TradeFlowIT {

    private static final int SYMBOLS = 100;
    private static final int TRADES = 1_000;
    private static final long QUANTITY = 100;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void shouldEndEveryTradeOnceWithPositionsMatchingFillsAcrossASigkill(@TempDir Path dir) throws Exception {
        try (LocalKafkaBroker broker = LocalKafkaBroker.start()) {
            Map<String, Object> client = Map.of("bootstrap.servers", broker.bootstrapServers());
            TopicProbe probe = new TopicProbe(broker, Duration.ofSeconds(300));
            int port = AppProcess.freePort();
            Map<String, String> env = new HashMap<>(Map.of(
                    "PIPELINE_BOOTSTRAP_SERVERS", broker.bootstrapServers(),
                    "PIPELINE_STATE_DIR", dir.resolve("state").toString(),
                    "PIPELINE_HTTP_HOST", "127.0.0.1", "PIPELINE_ADVERTISED_HOST", "127.0.0.1",
                    "PIPELINE_HTTP_PORT", Integer.toString(port),
                    // The restarted instance gets the partitions 10 s after the kill, not 45 s.
                    "PIPELINE_KAFKA_SESSION_TIMEOUT_MS", "10000"));
            env.putAll(Map.of(
                    "PIPELINE_MARKET_TRADE_QUANTITY", Long.toString(QUANTITY),
                    // Generous against a 2-core machine restoring state under a burst of 500 trades: the timeouts that
                    // count here are the exchange's lost acknowledgements and missing fills, not a busy CPU.
                    "PIPELINE_MARKET_TRADE_STEP_TIMEOUT", "8s",
                    "PIPELINE_MARKET_TRADE_FILL_TIMEOUT", "10s",
                    "PIPELINE_MARKET_RISK_MAX_POSITION", "500",
                    "PIPELINE_MARKET_RISK_HALTED", "S007",
                    "PIPELINE_MARKET_EXCHANGE_FILL_LATENCY", "1s",
                    "PIPELINE_MARKET_EXCHANGE_REJECT_SHARE", "0.1",
                    "PIPELINE_MARKET_EXCHANGE_LOST_ACK_SHARE", "0.1",
                    "PIPELINE_MARKET_EXCHANGE_NO_FILL_SHARE", "0.1"));

            // Ten signals per symbol, sides at random: some trades pass the position limit and are refused.
            Random random = new Random(11);
            Instant t0 = Instant.now().truncatedTo(ChronoUnit.MINUTES);
            List<Signal> signals = new ArrayList<>();
            Map<String, Signal> byFlow = new HashMap<>();
            for (int i = 0; i < TRADES; i++) {
                Signal.Side side = random.nextInt(3) == 0 ? Signal.Side.SELL : Signal.Side.BUY;
                Signal signal = new Signal(String.format(Locale.ROOT, "S%03d", i % SYMBOLS), side,
                        side == Signal.Side.BUY ? "SMA_CROSS_UP" : "SMA_CROSS_DOWN", 100 + i % 7, t0.plusSeconds(i));
                signals.add(signal);
                byFlow.put(signal.symbol() + "-" + signal.timestamp().toEpochMilli() + "-" + signal.reason(), signal);
            }

            AppProcess first = AppProcess.start(MarketApp.class, env, port, dir.resolve("first.log"), "512m", Duration.ofSeconds(120));
            send(client, signals.subList(0, TRADES / 2));
            // Kill while most of the first half is under way (fills take 1 s, refusals and rejects come at once).
            probe.readUntil(MarketTopics.TRADES.name(), seen -> seen.size() >= 50,
                    "the first trades ending");
            first.kill();
            int endedBeforeKill = probe.readAll(MarketTopics.TRADES.name()).size();
            assertTrue(endedBeforeKill < TRADES / 2, "killed with trades under way (" + endedBeforeKill + " had ended)");
            send(client, signals.subList(TRADES / 2, TRADES));

            AppProcess second = AppProcess.start(MarketApp.class, env, port, dir.resolve("second.log"), "512m", Duration.ofSeconds(120));
            try {
                List<FlowOutcome> outcomes = values(probe.readUntil(MarketTopics.TRADES.name(), seen -> distinctKeys(seen) >= TRADES,
                        TRADES + " trade outcomes"), FlowOutcome.class);
                Map<String, FlowOutcome> ended = new HashMap<>();
                outcomes.forEach(o -> assertTrue(ended.put(o.flowId(), o) == null, "trade " + o.flowId() + " ended twice"));
                assertEquals(byFlow.keySet(), ended.keySet(), "every signal started one trade, and every trade ended");
                Map<FlowStatus, Integer> statuses = new EnumMap<>(FlowStatus.class);
                ended.values().forEach(o -> statuses.merge(o.status(), 1, Integer::sum));
                Map<String, Integer> reasons = new HashMap<>();
                ended.values().forEach(o -> reasons.merge(o.status() + " " + o.failedStep() + ": "
                        + (o.reason() == null ? "" : o.reason().replaceAll("[0-9]+", "N")), 1, Integer::sum));
                assertTrue(statuses.getOrDefault(FlowStatus.COMPLETED, 0) > TRADES / 4, "trades complete: " + reasons);
                assertTrue(statuses.getOrDefault(FlowStatus.COMPENSATED, 0) > 0, "rejects and missing fills undo trades: " + statuses);
                assertTrue(statuses.getOrDefault(FlowStatus.FAILED, 0) > 0, "refused trades have nothing to undo: " + statuses);

                // What the exchange did, from its replies: fills, and cancels that took effect.
                Set<String> filled = new HashSet<>();
                Set<String> cancelled = new HashSet<>();
                int rejected = 0;
                for (FlowReply reply : values(probe.readAll(MarketTopics.TRADE_REPLIES.name()), FlowReply.class)) {
                    if (reply.step().equals(TradeFlow.AWAIT_FILL)) {
                        filled.add(reply.flowId());
                    } else if (reply.step().equals(TradeFlow.PLACE_ORDER) && reply.kind() == FlowStep.Kind.COMPENSATION
                            && Boolean.TRUE.equals(reply.payload().get("cancelled"))) {
                        cancelled.add(reply.flowId());
                    } else if (reply.step().equals(TradeFlow.PLACE_ORDER) && !reply.success()) {
                        rejected++;
                    }
                }
                Set<String> both = new HashSet<>(filled);
                both.retainAll(cancelled);
                assertEquals(Set.of(), both, "orders both filled and cancelled");
                assertTrue(rejected > 0 && !cancelled.isEmpty(), "the exchange rejected (" + rejected + ") and cancelled ("
                        + cancelled.size() + ") orders");
                long retriedOrders = values(probe.readAll(MarketTopics.ORDERS.name()), FlowCommand.class).stream()
                        .filter(c -> c.kind() == FlowStep.Kind.ACTION && c.attempt() > 1).count();
                assertTrue(retriedOrders > 0, "lost acknowledgements made orders be placed again");
                ended.values().stream().filter(o -> o.status() == FlowStatus.COMPLETED)
                        .forEach(o -> assertTrue(filled.contains(o.flowId()), o.flowId() + " completed without a fill"));

                // Every symbol's position is the signed sum of its fills; nothing is left reserved.
                Map<String, Long> expected = new HashMap<>();
                for (String flow : filled) {
                    Signal signal = byFlow.get(flow);
                    expected.merge(signal.symbol(), signal.signal() == Signal.Side.BUY ? QUANTITY : -QUANTITY, Long::sum);
                }
                Map<String, Long> positions = new HashMap<>();
                for (JsonNode position : json(get(port, "/positions")).get("positions")) {
                    String symbol = position.get("symbol").asText();
                    assertEquals(0, position.get("reserved").asLong(), symbol + " still has trades reserved: " + position);
                    assertEquals(0, position.get("openTrades").asLong(), symbol + ": " + position);
                    if (position.get("position").asLong() != 0) {
                        positions.put(symbol, position.get("position").asLong());
                    }
                }
                expected.values().removeIf(v -> v == 0);
                assertEquals(expected, positions, "positions against the exchange's fills");
                assertTrue(Math.abs(positions.values().stream().mapToLong(Math::abs).max().orElse(0)) <= 500, "within the limit");

                // The flows are queryable: none left running, and one undone trade's history.
                assertEquals(0, json(get(port, "/flows?status=RUNNING")).get("flows").size());
                String undone = ended.values().stream().filter(o -> o.status() == FlowStatus.COMPENSATED).findFirst().orElseThrow().flowId();
                JsonNode flow = json(get(port, "/flows/" + undone));
                assertEquals("COMPENSATED", flow.get("status").asText(), flow.toString());
                assertEquals(404, get(port, "/positions/NOPE").statusCode());
            } finally {
                assertTrue(second.stop(Duration.ofSeconds(60)), "the app stops within 60 s of SIGTERM");
            }
        }
    }

    private static void send(Map<String, Object> client, List<Signal> signals) {
        try (EventSink<String, Signal> sink = ReactiveKafka.sink(client, MarketTopics.SIGNALS, SinkOptions.named("trade-it"))) {
            List<SendResult<String, Signal>> results = sink.send(Flux.fromIterable(signals).map(s -> Outbound.of(s.symbol(), s)))
                    .collectList().block(Duration.ofSeconds(60));
            assertEquals(signals.size(), results.stream().filter(r -> r.error() == null).count(), "signals written");
        }
    }

    private static long distinctKeys(List<ConsumerRecord<byte[], byte[]>> records) {
        return records.stream().map(r -> new String(r.key(), java.nio.charset.StandardCharsets.UTF_8)).distinct().count();
    }

    private static <T> List<T> values(List<ConsumerRecord<byte[], byte[]>> records, Class<T> type) throws Exception {
        List<T> values = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            values.add(Json.mapper().readValue(record.value(), type));
        }
        return values;
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
