package io.eventpipeline.market.trading;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eventpipeline.core.config.ConfigSource;
import io.eventpipeline.core.event.Alert;
import io.eventpipeline.core.flow.FlowCommand;
import io.eventpipeline.core.flow.FlowOutcome;
import io.eventpipeline.core.flow.FlowState;
import io.eventpipeline.core.flow.FlowStatus;
import io.eventpipeline.core.flow.FlowStep;
import io.eventpipeline.market.MarketTopics;
import io.eventpipeline.market.event.Signal;
import io.eventpipeline.market.event.Signal.Side;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;

/** Trade execution with its participants under TopologyTestDriver: signals in, trades, positions and alerts out. */
class TradeExecutionTest {

    private static final Instant WALL = Instant.parse("2026-11-20T16:00:00Z");
    private static final Instant AT = Instant.parse("2026-11-20T14:31:00Z");
    /** No exchange faults unless a test asks for them. */
    private static final Map<String, String> CLEAN = Map.of("exchange.reject.share", "0", "exchange.lost.ack.share", "0",
            "exchange.no.fill.share", "0");

    private static final class Trading implements AutoCloseable {
        final TopologyTestDriver driver;
        final TestInputTopic<String, Signal> signals;
        final TestOutputTopic<String, FlowOutcome> trades;
        final TestOutputTopic<String, Alert> alerts;

        Trading(Map<String, String> settings) {
            Map<String, String> env = new HashMap<>(CLEAN);
            env.putAll(settings);
            Map<String, String> vars = new HashMap<>();
            env.forEach((k, v) -> vars.put(ConfigSource.envName(k), v));
            TradingConfig config = TradingConfig.from(ConfigSource.of(vars, Map.of()));
            StreamsBuilder builder = new StreamsBuilder();
            TradeExecutionTopology.build(builder, config, 1);
            Properties props = new Properties();
            props.put(StreamsConfig.APPLICATION_ID_CONFIG, "trade-test");
            props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0);
            driver = new TopologyTestDriver(builder.build(), props, WALL);
            signals = driver.createInputTopic(MarketTopics.SIGNALS.name(), Serdes.String().serializer(), MarketTopics.SIGNALS.valueSerde().serializer());
            trades = driver.createOutputTopic(MarketTopics.TRADES.name(), Serdes.String().deserializer(),
                    MarketTopics.TRADES.valueSerde().deserializer());
            alerts = driver.createOutputTopic(MarketTopics.ALERTS.name(), Serdes.String().deserializer(),
                    MarketTopics.ALERTS.valueSerde().deserializer());
        }

        String signal(String symbol, Side side, double price) {
            Signal signal = new Signal(symbol, side, "SMA_CROSS_UP", price, AT);
            signals.pipeInput(symbol, signal);
            return symbol + "-" + AT.toEpochMilli() + "-SMA_CROSS_UP";
        }

        /** Lets wall-clock time pass in small steps, so each punctuation sees the replies of the one before. */
        void run(Duration total) {
            for (long ms = 0; ms < total.toMillis(); ms += 50) {
                driver.advanceWallClockTime(Duration.ofMillis(50));
            }
        }

        RiskState book(String symbol) {
            KeyValueStore<String, RiskState> books = driver.getKeyValueStore(RiskTopology.STORE);
            return books.get(symbol);
        }

        ExchangeOrder order(String flowId) {
            KeyValueStore<String, ExchangeOrder> orders = driver.getKeyValueStore(ExchangeTopology.ORDERS_STORE);
            return orders.get(flowId);
        }

        FlowState flow(String flowId) {
            KeyValueStore<String, FlowState> flows = driver.getKeyValueStore("flow-trade-state");
            return flows.get(flowId);
        }

        List<String> steps(String flowId) {
            return flow(flowId).history().stream()
                    .map(e -> e.step() == null ? e.what() : e.what() + " " + e.step() + ":" + e.kind() + ":" + e.attempt()).toList();
        }

        @Override
        public void close() {
            driver.close();
        }
    }

    @Test
    void shouldTradeASignalThroughEveryStep() {
        try (Trading trading = new Trading(Map.of())) {
            String flow = trading.signal("ACME", Side.BUY, 10.5);
            trading.run(Duration.ofSeconds(1));
            FlowOutcome outcome = trading.trades.readValue();
            assertEquals(FlowStatus.COMPLETED, outcome.status(), trading.steps(flow).toString());
            assertEquals(100L, ((Number) outcome.data().get("filledQuantity")).longValue());
            assertEquals(10.5, ((Number) outcome.data().get("fillPrice")).doubleValue());
            assertEquals(new RiskState(100, Map.of(), List.of(flow), List.of()), trading.book("ACME"));
            assertEquals("FILLED", trading.order(flow).status());
            Alert executed = trading.alerts.readValue();
            assertEquals("TRADE_EXECUTED", executed.type());
            assertEquals("market-TRADE_EXECUTED-" + flow, executed.alertId());
            assertTrue(trading.trades.isEmpty() && trading.alerts.isEmpty());
        }
    }

    @Test
    void shouldRefuseAHaltedSymbolAndATradeBeyondThePositionLimit() {
        try (Trading trading = new Trading(Map.of("risk.halted", "halt", "risk.max.position", "150"))) {
            String halted = trading.signal("HALT", Side.BUY, 5);
            trading.run(Duration.ofSeconds(1));
            FlowOutcome refused = trading.trades.readValue();
            assertEquals(FlowStatus.FAILED, refused.status());
            assertEquals("step risk-check failed: HALT is halted", refused.reason());
            assertEquals(null, trading.order(halted), "no order reached the exchange");

            trading.signal("ACME", Side.BUY, 10);
            trading.run(Duration.ofSeconds(1));
            assertEquals(FlowStatus.COMPLETED, trading.trades.readValue().status());
            trading.signals.pipeInput("ACME", new Signal("ACME", Side.BUY, "BREAKOUT_UP", 11, AT.plusSeconds(60)));
            trading.run(Duration.ofSeconds(1));
            FlowOutcome over = trading.trades.readValue();
            assertEquals(FlowStatus.FAILED, over.status());
            assertTrue(over.reason().contains("position limit"), over.reason());
            assertEquals(100, trading.book("ACME").position());
        }
    }

    @Test
    void shouldNotNetReservationsOnOppositeSidesAgainstTheLimit() {
        try (Trading trading = new Trading(Map.of("risk.max.position", "150"))) {
            // Three signals before any fill: a sell reserved between two buys must not make room for the second
            // buy, since the sell may be released while both buys fill (position 200, past the limit).
            trading.signals.pipeInput("ACME", new Signal("ACME", Side.BUY, "SMA_CROSS_UP", 10, AT));
            trading.signals.pipeInput("ACME", new Signal("ACME", Side.SELL, "SMA_CROSS_DOWN", 10, AT.plusSeconds(60)));
            trading.signals.pipeInput("ACME", new Signal("ACME", Side.BUY, "SMA_CROSS_UP", 10, AT.plusSeconds(120)));
            trading.run(Duration.ofSeconds(1));
            Map<String, FlowOutcome> outcomes = new HashMap<>();
            trading.trades.readValuesToList().forEach(o -> outcomes.put(o.flowId(), o));
            assertEquals(FlowStatus.COMPLETED, outcomes.get("ACME-" + AT.toEpochMilli() + "-SMA_CROSS_UP").status());
            assertEquals(FlowStatus.COMPLETED, outcomes.get("ACME-" + AT.plusSeconds(60).toEpochMilli() + "-SMA_CROSS_DOWN").status());
            FlowOutcome over = outcomes.get("ACME-" + AT.plusSeconds(120).toEpochMilli() + "-SMA_CROSS_UP");
            assertEquals(FlowStatus.FAILED, over.status());
            assertEquals("step risk-check failed: position limit: 0 held, 100 reserved on that side, 100 more would pass 150",
                    over.reason());
            assertEquals(0, trading.book("ACME").position());
        }
    }

    @Test
    void shouldCancelAnUnfilledOrderAndReleaseTheReservation() {
        try (Trading trading = new Trading(Map.of("exchange.no.fill.share", "1", "trade.fill.timeout", "3s"))) {
            String flow = trading.signal("ACME", Side.SELL, 10);
            trading.run(Duration.ofSeconds(4));
            FlowOutcome outcome = trading.trades.readValue();
            assertEquals(FlowStatus.COMPENSATED, outcome.status());
            assertEquals("await-fill", outcome.failedStep());
            assertEquals("CANCELLED", trading.order(flow).status());
            assertEquals(new RiskState(0, Map.of(), List.of(), List.of(flow)), trading.book("ACME"));
            assertTrue(trading.steps(flow).containsAll(List.of("SENT place-order:COMPENSATION:1", "SENT risk-check:COMPENSATION:1")));
            assertTrue(trading.alerts.isEmpty(), "nothing announced");
        }
    }

    @Test
    void shouldReserveNothingForARiskCheckThatArrivesAfterItsTradeWasReleased() {
        try (Trading trading = new Trading(Map.of("exchange.no.fill.share", "1", "trade.fill.timeout", "3s"))) {
            String flow = trading.signal("ACME", Side.SELL, 10);
            trading.run(Duration.ofSeconds(4));
            assertEquals(FlowStatus.COMPENSATED, trading.trades.readValue().status());
            // A retry of the risk check, sent before the trade was undone, arrives only now.
            var commands = trading.driver.createInputTopic(MarketTopics.RISK_COMMANDS.name(), Serdes.String().serializer(),
                    MarketTopics.RISK_COMMANDS.valueSerde().serializer());
            commands.pipeInput("ACME", new FlowCommand(flow, TradeFlow.NAME, TradeFlow.RISK_CHECK, FlowStep.Kind.ACTION, 2,
                    flow + ":risk-check:ACTION:2", MarketTopics.TRADE_REPLIES.name(),
                    Map.of("symbol", "ACME", "side", "SELL", "quantity", 100, "price", 10.0), AT));
            trading.run(Duration.ofSeconds(1));
            assertEquals(new RiskState(0, Map.of(), List.of(), List.of(flow)), trading.book("ACME"), "nothing reserved");
        }
    }

    @Test
    void shouldRetryAnOrderWhoseAcknowledgementWasLostAndStillTradeOnce() {
        try (Trading trading = new Trading(Map.of("exchange.lost.ack.share", "1", "trade.step.timeout", "1s"))) {
            String flow = trading.signal("ACME", Side.BUY, 10);
            trading.run(Duration.ofSeconds(3));
            FlowOutcome outcome = trading.trades.readValue();
            assertEquals(FlowStatus.COMPLETED, outcome.status(), trading.steps(flow).toString());
            assertTrue(trading.steps(flow).contains("IGNORED await-fill:ACTION:1"), "the first fill came while the ack was awaited");
            assertTrue(trading.steps(flow).contains("SENT place-order:ACTION:2"));
            assertEquals(100, trading.book("ACME").position(), "booked once");
        }
    }

    @Test
    void shouldUndoARejectedOrderWithoutCancellingIt() {
        try (Trading trading = new Trading(Map.of("exchange.reject.share", "1"))) {
            String flow = trading.signal("ACME", Side.BUY, 10);
            trading.run(Duration.ofSeconds(1));
            FlowOutcome outcome = trading.trades.readValue();
            assertEquals(FlowStatus.COMPENSATED, outcome.status());
            assertEquals("step place-order failed: rejected by the exchange", outcome.reason());
            assertEquals("REJECTED", trading.order(flow).status());
            assertTrue(!trading.steps(flow).contains("SENT place-order:COMPENSATION:1"), "a rejected order is not cancelled");
            assertEquals(new RiskState(0, Map.of(), List.of(), List.of(flow)), trading.book("ACME"));
        }
    }

    @Test
    void shouldAnnounceATradeOnceWhenItsNotifyIsRetried() {
        try (Trading trading = new Trading(Map.of())) {
            String flow = trading.signal("ACME", Side.BUY, 10);
            trading.run(Duration.ofSeconds(1));
            assertEquals(FlowStatus.COMPLETED, trading.trades.readValue().status());
            assertEquals(1, trading.alerts.readValuesToList().size());
            // The same notify again, as a retry after a late reply would send it.
            TestInputTopic<String, io.eventpipeline.core.flow.FlowCommand> notices = trading.driver.createInputTopic(
                    MarketTopics.NOTICES.name(), Serdes.String().serializer(), MarketTopics.NOTICES.valueSerde().serializer());
            notices.pipeInput("ACME", new io.eventpipeline.core.flow.FlowCommand(flow, "trade", TradeFlow.NOTIFY,
                    io.eventpipeline.core.flow.FlowStep.Kind.ACTION, 2, flow + ":notify:ACTION:2", MarketTopics.TRADE_REPLIES.name(),
                    Map.of("symbol", "ACME", "side", "BUY", "quantity", 100, "price", 10.0), WALL));
            assertTrue(trading.alerts.isEmpty(), "announced once");
        }
    }
}
