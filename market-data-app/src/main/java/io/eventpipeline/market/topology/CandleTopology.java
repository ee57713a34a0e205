package io.eventpipeline.market.topology;

import io.eventpipeline.core.serde.StateSerde;
import io.eventpipeline.market.MarketConfig;
import io.eventpipeline.market.MarketTopics;
import io.eventpipeline.market.event.Candle;
import io.eventpipeline.market.event.Tick;
import java.time.Duration;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KGroupedStream;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Suppressed;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.state.WindowStore;

/**
 * OHLCV candles per symbol over 1-second and 1-minute tumbling windows of event time, with VWAP and trade
 * count ({@link CandleState}). A late tick within the grace period amends its candles. The 1-minute store
 * is also the queryable history: it keeps candles for {@code history.retention} (24 h by default).
 *
 * <p>In: accepted ticks (key symbol). Out: {@code market.candles} (key symbol, value {@link Candle}), each
 * symbol's 1-minute candle once, when its window has closed (stream time past its end plus grace); the same
 * stream feeds the indicators and the movers. Stores: {@value #SECONDS_STORE} (retention
 * {@code candles.1s.retention}), {@value #MINUTES_STORE} (retention {@code history.retention}); both key
 * symbol, value {@link CandleState}.
 */
public final class CandleTopology {

    public static final String SECONDS_STORE = "market-candles-1s";
    public static final String MINUTES_STORE = "market-candles-1m";
    public static final String SECOND = "1s";
    public static final String MINUTE = "1m";

    private CandleTopology() {
    }

    /** Builds both candle stores; returns the closed 1-minute candles. */
    static KStream<String, Candle> build(KStream<String, Tick> ticks, MarketConfig config) {
        // Ticks are keyed by symbol already: no repartition.
        KGroupedStream<String, Tick> bySymbol = ticks.groupByKey(
                Grouped.with("market-group-ticks-by-symbol", Serdes.String(), MarketTopics.TICKS.valueSerde()));
        bySymbol.windowedBy(TimeWindows.ofSizeAndGrace(Duration.ofSeconds(1), config.grace()))
                .aggregate(CandleState::empty, (symbol, tick, candle) -> candle.add(tick),
                        Named.as("market-aggregate-candles-1s"), store(SECONDS_STORE, config.secondCandlesRetention()));
        KStream<String, Candle> closedMinutes = bySymbol
                .windowedBy(TimeWindows.ofSizeAndGrace(Duration.ofMinutes(1), config.grace()))
                .aggregate(CandleState::empty, (symbol, tick, candle) -> candle.add(tick),
                        Named.as("market-aggregate-candles-1m"), store(MINUTES_STORE, config.historyRetention()))
                // One candle per symbol and minute downstream, once no late tick can change it.
                .suppress(Suppressed.<Windowed<String>>untilWindowCloses(Suppressed.BufferConfig.unbounded())
                        .withName("market-suppress-candles-1m"))
                .toStream(Named.as("market-closed-candles-1m"))
                .map((window, candle) -> KeyValue.pair(window.key(), candle.toCandle(window.key(), MINUTE, window.window())),
                        Named.as("market-publish-candles-1m"));
        closedMinutes.to(MarketTopics.CANDLES.name(), MarketTopics.CANDLES.producedAs("market-sink-candles-1m"));
        return closedMinutes;
    }

    private static Materialized<String, CandleState, WindowStore<Bytes, byte[]>> store(String name, Duration retention) {
        return Materialized.<String, CandleState, WindowStore<Bytes, byte[]>>as(name)
                .withKeySerde(Serdes.String()).withValueSerde(StateSerde.of(CandleState.class)).withRetention(retention);
    }
}
