package io.eventpipeline.market.trading;

import io.eventpipeline.core.flow.FlowCommand;
import io.eventpipeline.core.flow.FlowReply;
import io.eventpipeline.core.flow.FlowStep;
import io.eventpipeline.core.serde.JsonSerde;
import io.eventpipeline.market.MarketTopics;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * The risk manager, a participant of the trade flow that keeps each symbol's book ({@link RiskState}):
 * <ul>
 *   <li>{@code risk-check}: refuses a halted symbol, and a trade that would take the position plus the
 *       reserved trades on its side beyond {@code risk.max.position}; otherwise reserves it. Reservations on
 *       opposite sides are not netted: any of them may be released instead of filled, so the limit holds
 *       whichever of the open trades fill.</li>
 *   <li>{@code risk-check} undone: releases the reservation; if the order filled after all (the cancel's
 *       reply said so), books the fill instead, so the position always matches the exchange's fills.</li>
 *   <li>{@code update-position}: books the fill and drops the reservation.</li>
 * </ul>
 * Every command can come again (a retry, a replay): a reservation that exists is confirmed, a trade already
 * booked is not booked twice, a missing reservation is released without complaint, and a risk check of a trade
 * that is already settled (booked, or released: an attempt that timed out and was undone may still arrive
 * after its release) reserves nothing and is refused.
 *
 * <p>In: {@code market.risk-commands} (key symbol). Out: {@code market.trade-replies} (key flowId). Store:
 * {@value #STORE} (key symbol, value {@link RiskState}).
 */
public final class RiskTopology {

    public static final String STORE = "market-risk";
    static final int BOOKED_KEPT = 1_000;

    private RiskTopology() {
    }

    static void build(StreamsBuilder builder, TradingConfig config) {
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STORE), Serdes.String(),
                JsonSerde.of(RiskState.class)));
        builder.stream(MarketTopics.RISK_COMMANDS.name(), MarketTopics.RISK_COMMANDS.consumedAs("market-source-risk-commands"))
                .process(() -> new RiskManager(config), Named.as("market-manage-risk"), STORE)
                .to(MarketTopics.TRADE_REPLIES.name(), MarketTopics.TRADE_REPLIES.producedAs("market-sink-risk-replies"));
    }

    private static final class RiskManager implements Processor<String, FlowCommand, String, FlowReply> {

        private final TradingConfig config;
        private ProcessorContext<String, FlowReply> context;
        private KeyValueStore<String, RiskState> books;

        RiskManager(TradingConfig config) {
            this.config = config;
        }

        @Override
        public void init(ProcessorContext<String, FlowReply> context) {
            this.context = context;
            this.books = context.getStateStore(STORE);
        }

        @Override
        public void process(Record<String, FlowCommand> record) {
            FlowCommand command = record.value();
            Order order = Order.of(command.payload());
            RiskState book = books.get(order.symbol());
            if (book == null) {
                book = RiskState.empty();
            }
            Instant now = Instant.ofEpochMilli(context.currentSystemTimeMs());
            String flow = command.flowId();
            FlowReply reply;
            if (command.step().equals(TradeFlow.RISK_CHECK) && command.kind() == FlowStep.Kind.ACTION) {
                if (book.reservations().containsKey(flow)) {
                    reply = FlowReply.success(command, Map.of("reserved", order.quantity()), now);
                } else if (book.settled(flow)) {
                    reply = FlowReply.failure(command, "trade " + flow + " is already settled", now);
                } else if (config.halted().contains(order.symbol())) {
                    reply = FlowReply.failure(command, order.symbol() + " is halted", now);
                } else if (Math.abs(book.worstCase(order.quantity())) > config.maxPosition()) {
                    reply = FlowReply.failure(command, "position limit: " + book.position() + " held, "
                            + book.reserved(order.quantity()) + " reserved on that side, " + order.quantity()
                            + " more would pass " + config.maxPosition(), now);
                } else {
                    Map<String, Long> reservations = new HashMap<>(book.reservations());
                    reservations.put(flow, order.quantity());
                    book = new RiskState(book.position(), reservations, book.booked(), book.released());
                    reply = FlowReply.success(command, Map.of("reserved", order.quantity()), now);
                }
            } else if (command.step().equals(TradeFlow.RISK_CHECK)) {
                book = order.filledQuantity() != null ? book(book, flow, order) : release(book, flow);
                reply = FlowReply.success(command, Map.of("position", book.position()), now);
            } else if (command.step().equals(TradeFlow.UPDATE_POSITION)) {
                book = book(book, flow, order);
                reply = FlowReply.success(command, Map.of("position", book.position()), now);
            } else {
                reply = FlowReply.failure(command, "the risk manager does not do " + command.step(), now);
            }
            books.put(order.symbol(), book);
            context.forward(new Record<>(flow, reply, record.timestamp()));
        }

        private static RiskState release(RiskState book, String flow) {
            Map<String, Long> reservations = new HashMap<>(book.reservations());
            reservations.remove(flow);
            return new RiskState(book.position(), reservations, book.booked(), remember(book.released(), flow));
        }

        private static List<String> remember(List<String> flows, String flow) {
            if (flows.contains(flow)) {
                return flows;
            }
            List<String> kept = new ArrayList<>(flows);
            kept.add(flow);
            if (kept.size() > BOOKED_KEPT) {
                kept.remove(0);
            }
            return kept;
        }

        private static RiskState book(RiskState book, String flow, Order order) {
            Map<String, Long> reservations = new HashMap<>(book.reservations());
            reservations.remove(flow);
            if (book.booked().contains(flow)) {
                return new RiskState(book.position(), reservations, book.booked(), book.released());
            }
            return new RiskState(book.position() + order.signedFill(), reservations, remember(book.booked(), flow),
                    book.released());
        }
    }
}
