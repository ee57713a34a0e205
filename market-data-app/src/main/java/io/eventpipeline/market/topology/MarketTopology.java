package io.eventpipeline.market.topology;

import io.eventpipeline.core.streams.StreamsSettings;
import io.eventpipeline.market.MarketConfig;
import io.eventpipeline.market.MarketTopics;
import io.eventpipeline.market.event.Candle;
import io.eventpipeline.market.event.Tick;
import io.eventpipeline.market.trading.TradeExecutionTopology;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;

/**
 * The market-data app's whole topology: ticks from {@code market.ticks} (on event time) go through the
 * sequencer (duplicates dropped, gaps found), then feed the independent processors: candles (and with them
 * the history), the anomaly monitor, and, from closed 1-minute candles, indicators with the signal engine
 * and the movers dashboard; each signal on {@code market.signals} starts a trade (the coordinator's saga with its risk manager,
 * exchange and notifier). Each processor is its own class; this one only connects them.
 */
public final class MarketTopology {

    /**
     * Symbols whose per-tick state (sequencing, anomaly statistics) a task holds as objects beside its stores:
     * every tick reads and writes its symbol's state, and decoding it from the store again each time was a
     * fifth of the stream threads' time (JFR, market benchmark, 1,000 symbols), and encoding it for the store's
     * record cache at every put a sixth: a symbol's state is written back once per commit ({@link
     * io.eventpipeline.core.streams.WriteBackCache}).
     */
    static final int SYMBOLS_HELD = 10_000;

    private MarketTopology() {
    }

    public static Topology build(StreamsBuilder builder, MarketConfig config) {
        KStream<String, Tick> ticks = builder.stream(MarketTopics.TICKS.name(),
                MarketTopics.TICKS.consumedOnEventTime("market-source-ticks"));
        KStream<String, SequencedTick> sequenced = SequencingTopology.build(builder, ticks, config);

        AnomalyTopology.build(builder, sequenced, config);
        KStream<String, Candle> closedMinutes = CandleTopology.build(builder,
                sequenced.mapValues(SequencedTick::tick, Named.as("market-accepted-ticks")), config);
        SignalTopology.build(builder, IndicatorTopology.build(builder, closedMinutes, config));
        TradeExecutionTopology.build(builder, config.trading(), config.partitions());
        MoversTopology.build(builder, closedMinutes, config);
        return builder.build(StreamsSettings.topology());
    }
}
