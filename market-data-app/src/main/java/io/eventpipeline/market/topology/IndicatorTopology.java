package io.eventpipeline.market.topology;

import io.eventpipeline.core.serde.JsonSerde;
import io.eventpipeline.market.MarketConfig;
import io.eventpipeline.market.event.Candle;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * Per symbol, after each closed 1-minute candle: simple and exponential moving averages over
 * {@code sma.short} and {@code sma.long} candles, rolling volatility of 1-minute log returns and the breakout
 * channel ({@link Indicators}). A candle whose window does not end after the latest one's is ignored, so a
 * replayed candle cannot count twice. Minutes without trades have no candle and are skipped, not filled.
 *
 * <p>In: closed 1-minute candles (key symbol). Out: the indicators after each candle (key symbol), for the
 * signal engine. Store: {@value #STORE} (key symbol, value {@link IndicatorState}).
 */
public final class IndicatorTopology {

    public static final String STORE = "market-indicators";

    private IndicatorTopology() {
    }

    static KStream<String, Indicators> build(StreamsBuilder builder, KStream<String, Candle> closedMinutes, MarketConfig config) {
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STORE), Serdes.String(),
                JsonSerde.of(IndicatorState.class)));
        return closedMinutes.processValues(() -> new Calculator(config), Named.as("market-compute-indicators"), STORE);
    }

    private static final class Calculator implements FixedKeyProcessor<String, Candle, Indicators> {

        private final MarketConfig config;
        private FixedKeyProcessorContext<String, Indicators> context;
        private KeyValueStore<String, IndicatorState> states;

        Calculator(MarketConfig config) {
            this.config = config;
        }

        @Override
        public void init(FixedKeyProcessorContext<String, Indicators> context) {
            this.context = context;
            this.states = context.getStateStore(STORE);
        }

        @Override
        public void process(FixedKeyRecord<String, Candle> record) {
            Candle candle = record.value();
            IndicatorState state = states.get(record.key());
            if (state == null) {
                state = IndicatorState.empty();
            } else if (state.latest() != null && !candle.windowEnd().isAfter(state.latest().windowEnd())) {
                return;
            }
            IndicatorState next = state.add(candle, config);
            states.put(record.key(), next);
            context.forward(record.withValue(next.latest()));
        }
    }
}
