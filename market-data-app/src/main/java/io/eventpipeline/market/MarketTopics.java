package io.eventpipeline.market;

import io.eventpipeline.core.event.Alert;
import io.eventpipeline.core.event.DashboardUpdate;
import io.eventpipeline.core.flow.FlowCommand;
import io.eventpipeline.core.flow.FlowOutcome;
import io.eventpipeline.core.flow.FlowReply;
import io.eventpipeline.core.topic.Topic;
import io.eventpipeline.market.event.Candle;
import io.eventpipeline.market.event.Signal;
import io.eventpipeline.market.event.Tick;

/** The market-data app's topics: the public contract other tools read and write. */
public final class MarketTopics {

    /** The app's short name: prefixes topics, meters, stores and the application id. */
    public static final String APP = "market";

    /** Input. Key: symbol. Value: {@link Tick} JSON. */
    public static final Topic<String, Tick> TICKS = Topic.json("market.ticks", Tick.class);
    /** Output, each symbol's 1-minute candle once its window has closed. Key: symbol. Value: {@link Candle} JSON. */
    public static final Topic<String, Candle> CANDLES = Topic.json("market.candles", Candle.class);
    /** Output, one record per crossing. Key: symbol. Value: {@link Signal} JSON. */
    public static final Topic<String, Signal> SIGNALS = Topic.json("market.signals", Signal.class);
    /** Output. Key: symbol. Value: {@link Alert} JSON. */
    public static final Topic<String, Alert> ALERTS = Topic.json("market.alerts", Alert.class);
    /** Output. Key: panel name. Value: {@link DashboardUpdate} JSON. */
    public static final Topic<String, DashboardUpdate> DASHBOARD = Topic.json("market.dashboard", DashboardUpdate.class);
    /** Trade execution: commands to the risk manager (reserve, release, apply a fill). Key: symbol. Value: {@link FlowCommand} JSON. */
    public static final Topic<String, FlowCommand> RISK_COMMANDS = Topic.json("market.risk-commands", FlowCommand.class);
    /** Trade execution: orders to the (simulated) exchange, and their cancels. Key: symbol. Value: {@link FlowCommand} JSON. */
    public static final Topic<String, FlowCommand> ORDERS = Topic.json("market.orders", FlowCommand.class);
    /** Trade execution: requests to announce a trade. Key: symbol. Value: {@link FlowCommand} JSON. */
    public static final Topic<String, FlowCommand> NOTICES = Topic.json("market.trade-notices", FlowCommand.class);
    /** Trade execution: the participants' replies and the exchange's fills. Key: flowId. Value: {@link FlowReply} JSON. */
    public static final Topic<String, FlowReply> TRADE_REPLIES = Topic.json("market.trade-replies", FlowReply.class);
    /** Output, one record per trade when it ends. Key: flowId. Value: {@link FlowOutcome} JSON. */
    public static final Topic<String, FlowOutcome> TRADES = Topic.json("market.trades", FlowOutcome.class);
    /** Dead letters: records that could not be read or processed, with the reason in headers. */
    public static final String DEAD_LETTERS = "market.dlq";

    private MarketTopics() {
    }
}
