package io.eventpipeline.market.trading;

import io.eventpipeline.core.flow.Backoff;
import io.eventpipeline.core.flow.FlowDefinition;
import io.eventpipeline.core.flow.FlowStep;
import io.eventpipeline.market.MarketTopics;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The trade-execution flow, {@value #NAME}: a signal's trade goes through
 * <ol>
 *   <li>{@value #RISK_CHECK}: the risk manager reserves the trade against the symbol's position limit and
 *       refuses halted symbols (undone: the reservation is released, or, if the exchange filled the order
 *       after all, the fill is booked);</li>
 *   <li>{@value #PLACE_ORDER}: the exchange acknowledges the order (undone: the order is cancelled, unless
 *       it has filled, which the reply says);</li>
 *   <li>{@value #AWAIT_FILL}: the exchange's fill;</li>
 *   <li>{@value #UPDATE_POSITION}: the risk manager books the fill;</li>
 *   <li>{@value #NOTIFY}: the trade is announced on {@code market.alerts}.</li>
 * </ol>
 * Flow data: {@code symbol}, {@code side}, {@code quantity}, {@code price} from the signal, then
 * {@code orderId}, {@code filledQuantity}, {@code fillPrice}, {@code position} from the replies.
 */
public final class TradeFlow {

    public static final String NAME = "trade";
    public static final String RISK_CHECK = "risk-check";
    public static final String PLACE_ORDER = "place-order";
    public static final String AWAIT_FILL = "await-fill";
    public static final String UPDATE_POSITION = "update-position";
    public static final String NOTIFY = "notify";

    private TradeFlow() {
    }

    public static FlowDefinition definition(TradingConfig config) {
        Duration timeout = config.stepTimeout();
        Backoff backoff = Backoff.exponential(timeout.dividedBy(10), timeout);
        return FlowDefinition.of(NAME, MarketTopics.TRADE_REPLIES.name(), MarketTopics.TRADES.name(), List.of(
                FlowStep.sends(RISK_CHECK, MarketTopics.RISK_COMMANDS.name(), TradeFlow::symbol, TradeFlow::order)
                        .withTimeout(timeout).withAttempts(config.attempts(), backoff)
                        .withCompensation(MarketTopics.RISK_COMMANDS.name(), TradeFlow::orderAndFill),
                FlowStep.sends(PLACE_ORDER, MarketTopics.ORDERS.name(), TradeFlow::symbol, TradeFlow::order)
                        .withTimeout(timeout).withAttempts(config.attempts(), backoff)
                        .withCompensation(MarketTopics.ORDERS.name(), TradeFlow::order),
                FlowStep.awaits(AWAIT_FILL).withTimeout(config.fillTimeout()),
                FlowStep.sends(UPDATE_POSITION, MarketTopics.RISK_COMMANDS.name(), TradeFlow::symbol, TradeFlow::orderAndFill)
                        .withTimeout(timeout).withAttempts(config.attempts(), backoff),
                FlowStep.sends(NOTIFY, MarketTopics.NOTICES.name(), TradeFlow::symbol, TradeFlow::orderAndFill)
                        .withTimeout(timeout).withAttempts(config.attempts(), backoff)));
    }

    private static String symbol(Map<String, Object> data) {
        return (String) data.get("symbol");
    }

    private static Map<String, Object> order(Map<String, Object> data) {
        return Map.of("symbol", data.get("symbol"), "side", data.get("side"), "quantity", data.get("quantity"),
                "price", data.get("price"));
    }

    /** The order, and its fill if one is known (a release after a late fill books it). */
    private static Map<String, Object> orderAndFill(Map<String, Object> data) {
        Map<String, Object> payload = new HashMap<>(order(data));
        for (String key : List.of("orderId", "filledQuantity", "fillPrice")) {
            if (data.get(key) != null) {
                payload.put(key, data.get(key));
            }
        }
        return payload;
    }
}
