package io.eventpipeline.market.trading;

import io.eventpipeline.core.event.Alert;
import io.eventpipeline.core.event.Severity;
import io.eventpipeline.core.flow.FlowCommand;
import io.eventpipeline.core.flow.FlowCoordinator;
import io.eventpipeline.core.flow.FlowDefinition;
import io.eventpipeline.core.flow.FlowReply;
import io.eventpipeline.core.flow.FlowStart;
import io.eventpipeline.market.MarketTopics;
import io.eventpipeline.market.event.Signal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Trade execution: each signal on {@code market.signals} starts a {@link TradeFlow} (the coordinator's saga) for {@code trade.quantity}
 * shares at the signal's price, with its participants beside it, each a choreographed processor of its own:
 * the risk manager ({@link RiskTopology}), the simulated exchange ({@link ExchangeTopology}) and the notifier
 * (below). Nothing here runs when {@code trade.enabled} is false.
 *
 * <p>The notifier announces a trade as an INFO alert {@value #TRADE_EXECUTED} on {@code market.alerts} (key
 * symbol, id naming the flow) once, however often its notify step is retried, and confirms every notify.
 *
 * <p>In: {@code market.signals} (key symbol), {@code market.trade-notices}. Out: the flow's commands and
 * {@code market.trades} (outcomes), {@code market.alerts}, {@code market.trade-replies}.
 */
public final class TradeExecutionTopology {

    public static final String TRADE_EXECUTED = "TRADE_EXECUTED";
    public static final String NOTICES_STORE = "market-trade-notices";

    private TradeExecutionTopology() {
    }

    public static void build(StreamsBuilder builder, TradingConfig config, int partitions) {
        if (!config.enabled()) {
            return;
        }
        FlowDefinition trade = TradeFlow.definition(config);
        // The desk reacts to market.signals like any other consumer of it: signals from elsewhere trade too.
        KStream<String, FlowStart> starts = builder
                .stream(MarketTopics.SIGNALS.name(), MarketTopics.SIGNALS.consumedAs("market-source-signals"))
                .mapValues(signal -> start(signal, config), Named.as("market-start-trades"));
        FlowCoordinator.build(builder, trade, starts, partitions);
        RiskTopology.build(builder, config);
        ExchangeTopology.build(builder, config);

        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(NOTICES_STORE), Serdes.String(),
                Serdes.Long()));
        KStream<String, Notice> notices = builder
                .stream(MarketTopics.NOTICES.name(), MarketTopics.NOTICES.consumedAs("market-source-trade-notices"))
                .processValues(Notifier::new, Named.as("market-dedupe-notices"), NOTICES_STORE);
        // A retried notify (its reply was late) is confirmed again but announced once.
        notices.filter((symbol, notice) -> notice.first(), Named.as("market-first-notices"))
                .mapValues(notice -> announcement(notice.command()), Named.as("market-announce-trades"))
                .to(MarketTopics.ALERTS.name(), MarketTopics.ALERTS.producedAs("market-sink-trade-alerts"));
        notices.map((symbol, notice) -> KeyValue.pair(notice.command().flowId(),
                                FlowReply.success(notice.command(), Map.of(), notice.command().timestamp())),
                        Named.as("market-confirm-notices"))
                .to(MarketTopics.TRADE_REPLIES.name(), MarketTopics.TRADE_REPLIES.producedAs("market-sink-notice-replies"));
    }

    /** A notify command, and whether it is the first for its trade. */
    record Notice(FlowCommand command, boolean first) {
    }

    /** Remembers which trades were announced (store {@value #NOTICES_STORE}: flowId to the time it was). */
    private static final class Notifier implements FixedKeyProcessor<String, FlowCommand, Notice> {

        private FixedKeyProcessorContext<String, Notice> context;
        private KeyValueStore<String, Long> announced;

        @Override
        public void init(FixedKeyProcessorContext<String, Notice> context) {
            this.context = context;
            this.announced = context.getStateStore(NOTICES_STORE);
        }

        @Override
        public void process(FixedKeyRecord<String, FlowCommand> record) {
            String flow = record.value().flowId();
            boolean first = announced.get(flow) == null;
            if (first) {
                announced.put(flow, context.currentSystemTimeMs());
            }
            context.forward(record.withValue(new Notice(record.value(), first)));
        }
    }

    /** A signal's trade: flow id {@code <symbol>-<signal time ms>-<reason>}, unique per crossing. */
    static FlowStart start(Signal signal, TradingConfig config) {
        String flowId = signal.symbol() + "-" + signal.timestamp().toEpochMilli() + "-" + signal.reason();
        return new FlowStart(flowId, Map.of("symbol", signal.symbol(), "side", signal.signal().name(),
                "quantity", config.quantity(), "price", signal.price()));
    }

    private static Alert announcement(FlowCommand command) {
        Map<String, Object> p = command.payload();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("flowId", command.flowId());
        details.put("side", p.get("side"));
        details.put("filledQuantity", p.get("filledQuantity"));
        details.put("fillPrice", p.get("fillPrice"));
        details.put("orderId", p.get("orderId"));
        String message = String.format(Locale.ROOT, "%s %s %s at %s", p.get("side"), p.get("filledQuantity"), p.get("symbol"),
                p.get("fillPrice"));
        Instant at = command.timestamp();
        return new Alert("market-" + TRADE_EXECUTED + "-" + command.flowId(), MarketTopics.APP, TRADE_EXECUTED, Severity.INFO,
                (String) p.get("symbol"), message, at, details);
    }
}
