package io.eventpipeline.market;

import io.eventpipeline.core.event.Alert;
import io.eventpipeline.core.event.DashboardUpdate;
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
    /** Dead letters: records that could not be read or processed, with the reason in headers. */
    public static final String DEAD_LETTERS = "market.dlq";

    private MarketTopics() {
    }
}
