package io.eventpipeline.market.trading;

import io.eventpipeline.core.flow.FlowCommand;
import io.eventpipeline.core.flow.FlowReply;
import io.eventpipeline.core.flow.FlowStep;
import io.eventpipeline.core.serde.JsonSerde;
import io.eventpipeline.market.MarketTopics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * The simulated exchange, a participant of the trade flow with its own state: it acknowledges orders (a
 * share rejected, a share acknowledged but with the acknowledgement lost), fills each open order at its
 * price {@code exchange.fill.latency} later (a share never fill), and cancels open orders. A cancel of an
 * order that has filled does not cancel it: the reply says it filled, with the fill, so the trade books it.
 * An order is never both filled and cancelled. Decisions are a pure function of the order's flow, so a
 * command processed again decides the same; a repeated order is acknowledged again, not placed twice (and,
 * if it filled meanwhile, its fill is sent again after the acknowledgement, since the flow was not yet
 * waiting for it the first time).
 *
 * <p>In: {@code market.orders} (key symbol). Out: {@code market.trade-replies} (key flowId): acknowledgements,
 * rejections, cancel results, and fills (addressed to the flow's {@code await-fill} step). Stores:
 * {@value #ORDERS_STORE} (key flowId, value {@link ExchangeOrder}), {@value #FILLS_STORE} (key
 * {@code <fillAt as 16 hex digits>|<flowId>}).
 */
public final class ExchangeTopology {

    public static final String ORDERS_STORE = "market-exchange-orders";
    public static final String FILLS_STORE = "market-exchange-fills";
    static final Duration CHECK = Duration.ofMillis(50);

    private ExchangeTopology() {
    }

    static void build(StreamsBuilder builder, TradingConfig config) {
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(ORDERS_STORE), Serdes.String(),
                JsonSerde.of(ExchangeOrder.class)));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(FILLS_STORE), Serdes.String(),
                Serdes.String()));
        builder.stream(MarketTopics.ORDERS.name(), MarketTopics.ORDERS.consumedAs("market-source-orders"))
                .process(() -> new Exchange(config), Named.as("market-simulate-exchange"), ORDERS_STORE, FILLS_STORE)
                .to(MarketTopics.TRADE_REPLIES.name(), MarketTopics.TRADE_REPLIES.producedAs("market-sink-exchange-replies"));
    }

    private static final class Exchange implements Processor<String, FlowCommand, String, FlowReply> {

        private final TradingConfig config;
        private ProcessorContext<String, FlowReply> context;
        private KeyValueStore<String, ExchangeOrder> orders;
        private KeyValueStore<String, String> fills;

        Exchange(TradingConfig config) {
            this.config = config;
        }

        @Override
        public void init(ProcessorContext<String, FlowReply> context) {
            this.context = context;
            this.orders = context.getStateStore(ORDERS_STORE);
            this.fills = context.getStateStore(FILLS_STORE);
            context.schedule(CHECK, PunctuationType.WALL_CLOCK_TIME, this::fillDue);
        }

        @Override
        public void process(Record<String, FlowCommand> record) {
            FlowCommand command = record.value();
            String flow = command.flowId();
            long now = context.currentSystemTimeMs();
            ExchangeOrder order = orders.get(flow);
            if (command.step().equals(TradeFlow.PLACE_ORDER) && command.kind() == FlowStep.Kind.ACTION) {
                place(command, order, now);
            } else if (command.step().equals(TradeFlow.PLACE_ORDER)) {
                cancel(command, order, now);
            } else {
                reply(flow, FlowReply.failure(command, "the exchange does not do " + command.step(), Instant.ofEpochMilli(now)));
            }
        }

        private void place(FlowCommand command, ExchangeOrder existing, long now) {
            String flow = command.flowId();
            Instant at = Instant.ofEpochMilli(now);
            if (existing != null) {
                // The same order again (a retry): answer as before, place nothing new.
                switch (existing.status()) {
                    case "REJECTED" -> reply(flow, FlowReply.failure(command, "rejected by the exchange", at));
                    case "CANCELLED" -> reply(flow, FlowReply.failure(command, "order was cancelled", at));
                    case "FILLED" -> {
                        // Filled while its acknowledgement was lost: the flow ignored that fill, so send it again.
                        reply(flow, FlowReply.success(command, Map.of("orderId", existing.orderId()), at));
                        reply(flow, fill(existing, at));
                    }
                    default -> reply(flow, FlowReply.success(command, Map.of("orderId", existing.orderId()), at));
                }
                return;
            }
            Order order = Order.of(command.payload());
            String orderId = "ord-" + flow;
            if (TradingConfig.decides("reject", flow, config.rejectShare())) {
                orders.put(flow, new ExchangeOrder(orderId, flow, order.symbol(), order.side(), Math.abs(order.quantity()),
                        order.price(), "REJECTED", 0));
                reply(flow, FlowReply.failure(command, "rejected by the exchange", at));
                return;
            }
            boolean willFill = !TradingConfig.decides("no-fill", flow, config.noFillShare());
            long fillAt = willFill ? now + config.fillLatency().toMillis() : 0;
            orders.put(flow, new ExchangeOrder(orderId, flow, order.symbol(), order.side(), Math.abs(order.quantity()),
                    order.price(), "OPEN", fillAt));
            if (willFill) {
                fills.put(fillKey(fillAt, flow), flow);
            }
            if (!TradingConfig.decides("lost-ack", flow, config.lostAckShare())) {
                reply(flow, FlowReply.success(command, Map.of("orderId", orderId), at));
            }
        }

        private void cancel(FlowCommand command, ExchangeOrder order, long now) {
            String flow = command.flowId();
            Instant at = Instant.ofEpochMilli(now);
            if (order != null && order.status().equals("FILLED")) {
                reply(flow, FlowReply.success(command, Map.of("cancelled", false, "filledQuantity", order.quantity(),
                        "fillPrice", order.price()), at));
                return;
            }
            if (order != null && order.status().equals("OPEN")) {
                orders.put(flow, order.withStatus("CANCELLED"));
                if (order.fillAt() > 0) {
                    fills.delete(fillKey(order.fillAt(), flow));
                }
            }
            reply(flow, FlowReply.success(command, Map.of("cancelled", order != null), at));
        }

        private void fillDue(long now) {
            List<KeyValue<String, String>> due = new ArrayList<>();
            try (KeyValueIterator<String, String> entries = fills.range(fillKey(0, ""), fillKey(now, "\uffff"))) {
                entries.forEachRemaining(due::add);
            }
            for (KeyValue<String, String> entry : due) {
                fills.delete(entry.key);
                ExchangeOrder order = orders.get(entry.value);
                if (order == null || !order.status().equals("OPEN")) {
                    continue;
                }
                orders.put(order.flowId(), order.withStatus("FILLED"));
                reply(order.flowId(), fill(order, Instant.ofEpochMilli(now)));
            }
        }

        private static FlowReply fill(ExchangeOrder order, Instant at) {
            return FlowReply.event(order.flowId(), TradeFlow.AWAIT_FILL, true, null,
                    Map.of("filledQuantity", order.quantity(), "fillPrice", order.price()), at);
        }

        private void reply(String flow, FlowReply reply) {
            context.forward(new Record<>(flow, reply, reply.timestamp().toEpochMilli()));
        }

        private static String fillKey(long at, String flow) {
            return String.format(Locale.ROOT, "%016x|%s", at, flow);
        }
    }
}
