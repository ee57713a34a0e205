package io.eventpipeline.market.topology;

import io.eventpipeline.core.config.ConfigSource;
import io.eventpipeline.core.event.Alert;
import io.eventpipeline.core.event.DashboardUpdate;
import io.eventpipeline.market.MarketConfig;
import io.eventpipeline.market.MarketTopics;
import io.eventpipeline.market.event.Candle;
import io.eventpipeline.market.event.Signal;
import io.eventpipeline.market.event.Tick;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

/** The market-data topology under TopologyTestDriver, with the record cache off so every update is visible. */
final class MarketDriver implements AutoCloseable {

    /** Event time of the tests: safely in the past, so ticks pass the not-in-the-future rule; a whole minute. */
    static final Instant T0 = Instant.parse("2026-11-20T14:30:00Z");
    /** Wall-clock time at which the driver starts. */
    static final Instant WALL = Instant.parse("2026-11-20T16:00:00Z");

    final TopologyTestDriver driver;
    final TestInputTopic<String, Tick> ticks;
    final TestOutputTopic<String, Candle> candles;
    final TestOutputTopic<String, Signal> signals;
    final TestOutputTopic<String, Alert> alerts;
    final TestOutputTopic<String, DashboardUpdate> dashboard;
    private final Map<String, Long> sequences = new HashMap<>();

    MarketDriver() {
        this(Map.of());
    }

    /** With settings such as {@code sma.short=2} over the defaults. */
    MarketDriver(Map<String, String> settings) {
        Map<String, String> env = new HashMap<>();
        settings.forEach((key, value) -> env.put(ConfigSource.envName(key), value));
        MarketConfig config = MarketConfig.from(ConfigSource.of(env, Map.of()));
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "market-test");
        props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0);
        driver = new TopologyTestDriver(MarketTopology.build(new StreamsBuilder(), config), props, WALL);
        ticks = driver.createInputTopic(MarketTopics.TICKS.name(), MarketTopics.TICKS.keySerde().serializer(),
                MarketTopics.TICKS.valueSerde().serializer());
        candles = driver.createOutputTopic(MarketTopics.CANDLES.name(), MarketTopics.CANDLES.keySerde().deserializer(),
                MarketTopics.CANDLES.valueSerde().deserializer());
        signals = driver.createOutputTopic(MarketTopics.SIGNALS.name(), MarketTopics.SIGNALS.keySerde().deserializer(),
                MarketTopics.SIGNALS.valueSerde().deserializer());
        alerts = driver.createOutputTopic(MarketTopics.ALERTS.name(), MarketTopics.ALERTS.keySerde().deserializer(),
                MarketTopics.ALERTS.valueSerde().deserializer());
        dashboard = driver.createOutputTopic(MarketTopics.DASHBOARD.name(), MarketTopics.DASHBOARD.keySerde().deserializer(),
                MarketTopics.DASHBOARD.valueSerde().deserializer());
    }

    /** A trade of {@code symbol} at {@code price} for {@code size}, quoted a cent either side, with the symbol's next sequence. */
    Tick trade(String symbol, double price, long size, Instant at) {
        long sequence = sequences.merge(symbol, 1L, Long::sum);
        Tick tick = new Tick(symbol, price, size, price - 0.01, price + 0.01, "XNAS", sequence, at);
        send(tick);
        return tick;
    }

    void send(Tick tick) {
        // The record timestamp differs from the tick's on purpose: windows must use event time.
        ticks.pipeInput(new TestRecord<>(tick.symbol(), tick, Instant.parse("2030-01-01T00:00:00Z")));
    }

    /** Makes the next trade of {@code symbol} skip {@code count} sequence numbers. */
    void skip(String symbol, long count) {
        sequences.merge(symbol, count, Long::sum);
    }

    /** The alerts sent so far as type and key: {@code PRICE_JUMP ACME} (all are read). */
    List<String> alertLog() {
        return alerts.readValuesToList().stream().map(a -> a.type() + " " + a.key()).toList();
    }

    /** The signals sent so far as {@code BUY BREAKOUT_UP ACME 12.0} (all are read). */
    List<String> signalLog() {
        return signals.readValuesToList().stream().map(s -> s.signal() + " " + s.reason() + " " + s.symbol() + " " + s.price()).toList();
    }

    @Override
    public void close() {
        driver.close();
    }
}
