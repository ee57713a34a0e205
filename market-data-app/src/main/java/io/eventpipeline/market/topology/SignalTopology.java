package io.eventpipeline.market.topology;

import io.eventpipeline.core.serde.JsonSerde;
import io.eventpipeline.market.MarketTopics;
import io.eventpipeline.market.event.Signal;
import io.eventpipeline.market.event.Signal.Side;
import io.eventpipeline.market.topology.SignalState.Position;
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
 * Trading signals on closed 1-minute candles, one per crossing:
 * <ul>
 *   <li><b>SMA crossover</b>: the short average goes above the long one ({@code BUY SMA_CROSS_UP}) or below it
 *       ({@code SELL SMA_CROSS_DOWN}). Equal averages keep the previous side, so touching and turning back is
 *       no crossing; the first candle with both averages only sets the side.</li>
 *   <li><b>Breakout</b>: a close above the channel's high ({@code BUY BREAKOUT_UP}) or below its low
 *       ({@code SELL BREAKOUT_DOWN}), sent when the close leaves the channel, not again while it stays out.</li>
 * </ul>
 *
 * <p>In: indicators after each candle (key symbol). Out: {@code market.signals} (key symbol, value
 * {@link Signal}, timestamp the candle's window end). Store: {@value #STORE} (key symbol, value {@link SignalState}).
 */
public final class SignalTopology {

    public static final String STORE = "market-signal-state";

    private SignalTopology() {
    }

    /** Builds the signal engine, writing its signals to {@code market.signals}. */
    static void build(StreamsBuilder builder, KStream<String, Indicators> indicators) {
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STORE), Serdes.String(),
                JsonSerde.of(SignalState.class)));
        indicators.processValues(Engine::new, Named.as("market-detect-signals"), STORE)
                .to(MarketTopics.SIGNALS.name(), MarketTopics.SIGNALS.producedAs("market-sink-signals"));
    }

    /** The short average's side of the long one, {@code previous} kept when they are equal. */
    static Position averages(Indicators now, Position previous) {
        if (now.smaShort() == null || now.smaLong() == null) {
            return null;
        }
        int side = Double.compare(now.smaShort(), now.smaLong());
        return side > 0 ? Position.ABOVE : side < 0 ? Position.BELOW : previous;
    }

    /** The close's place against the channel, or {@code null} before there is one. */
    static Position channel(Indicators now) {
        if (now.channelHigh() == null) {
            return null;
        }
        return now.close() > now.channelHigh() ? Position.ABOVE : now.close() < now.channelLow() ? Position.BELOW : Position.INSIDE;
    }

    private static final class Engine implements FixedKeyProcessor<String, Indicators, Signal> {

        private FixedKeyProcessorContext<String, Signal> context;
        private KeyValueStore<String, SignalState> states;

        @Override
        public void init(FixedKeyProcessorContext<String, Signal> context) {
            this.context = context;
            this.states = context.getStateStore(STORE);
        }

        @Override
        public void process(FixedKeyRecord<String, Indicators> record) {
            Indicators now = record.value();
            SignalState before = states.get(record.key());
            Position averagesBefore = before == null ? null : before.averages();
            Position channelBefore = before == null ? null : before.channel();
            Position averages = averages(now, averagesBefore);
            Position channel = channel(now);
            if (averagesBefore != null && averages != averagesBefore) {
                send(record, averages == Position.ABOVE ? Side.BUY : Side.SELL,
                        averages == Position.ABOVE ? "SMA_CROSS_UP" : "SMA_CROSS_DOWN");
            }
            if (channel != channelBefore && channel != null && channel != Position.INSIDE) {
                send(record, channel == Position.ABOVE ? Side.BUY : Side.SELL,
                        channel == Position.ABOVE ? "BREAKOUT_UP" : "BREAKOUT_DOWN");
            }
            states.put(record.key(), new SignalState(averages, channel));
        }

        private void send(FixedKeyRecord<String, Indicators> record, Side side, String reason) {
            Indicators now = record.value();
            context.forward(record.withValue(new Signal(now.symbol(), side, reason, now.close(), now.windowEnd()))
                    .withTimestamp(now.windowEnd().toEpochMilli()));
        }
    }
}
