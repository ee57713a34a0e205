package io.eventpipeline.market.topology;

import io.eventpipeline.core.event.InvalidEventException;
import io.eventpipeline.core.streams.WriteBackCache;
import io.eventpipeline.core.serde.StateSerde;
import io.eventpipeline.market.MarketConfig;
import io.eventpipeline.market.event.Tick;
import java.time.Duration;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.Stores;

/**
 * The first step every tick takes: per symbol, in the order the feed sent them (partition order), a tick
 * whose {@code sequence} is not above the highest one accepted is a duplicate and is dropped (counted in
 * {@link SymbolState#duplicates()}); a tick more than one above it is accepted and reports the gap
 * ({@link SequencedTick#missing()}), which the anomaly monitor turns into an alert. The first tick of a
 * symbol starts its sequence wherever it is. A feed that restarts its numbering is followed: a tick whose
 * sequence is not above the highest but whose event time is more than {@code sequence.restart.after}
 * (default 1m) past the newest one accepted is a restart, not a duplicate (a resent tick carries its
 * original time), and the sequence goes on from it. A tick whose record key is not its symbol goes to the dead letters.
 *
 * <p>In: valid ticks (key symbol). Out: accepted ticks with their gap. Store: {@value #STORE} (key symbol,
 * value {@link SymbolState}).
 */
public final class SequencingTopology {

    public static final String STORE = "market-symbols";

    private SequencingTopology() {
    }

    static KStream<String, SequencedTick> build(StreamsBuilder builder, KStream<String, Tick> ticks, MarketConfig config) {
        // Every tick writes its symbol's state: written back once per commit, not serialized per tick.
        String[] stores = WriteBackCache.addStores(builder, Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STORE),
                Serdes.String(), StateSerde.of(SymbolState.class)));
        return ticks.processValues(() -> new Sequencer(config.sequenceRestartAfter()), Named.as("market-sequence-ticks"), stores);
    }

    private static final class Sequencer implements FixedKeyProcessor<String, Tick, SequencedTick> {

        private final Duration restartAfter;
        private FixedKeyProcessorContext<String, SequencedTick> context;
        private WriteBackCache<String, SymbolState> symbols;

        Sequencer(Duration restartAfter) {
            this.restartAfter = restartAfter;
        }

        @Override
        public void init(FixedKeyProcessorContext<String, SequencedTick> context) {
            this.context = context;
            this.symbols = WriteBackCache.open(context, STORE, MarketTopology.SYMBOLS_HELD);
        }

        @Override
        public void process(FixedKeyRecord<String, Tick> record) {
            Tick tick = record.value();
            String symbol = tick.symbol();
            if (!symbol.equals(record.key())) {
                // Partitioned by key: a tick under another key would be sequenced apart from its symbol.
                throw new InvalidEventException("record key '" + record.key() + "' is not the tick's symbol '" + symbol + "'");
            }
            SymbolState state = symbols.get(symbol);
            if (state == null) {
                symbols.put(symbol, SymbolState.first(tick));
                context.forward(record.withValue(new SequencedTick(tick, 0, tick.sequence() - 1, false)));
                return;
            }
            if (tick.sequence() <= state.lastSequence()) {
                if (tick.timestamp().isAfter(state.newest().plus(restartAfter))) {
                    symbols.put(symbol, state.restart(tick));
                    context.forward(record.withValue(new SequencedTick(tick, 0, state.lastSequence(), true)));
                } else {
                    symbols.put(symbol, state.duplicate());
                }
                return;
            }
            symbols.put(symbol, state.accept(tick));
            long missing = tick.sequence() - state.lastSequence() - 1;
            context.forward(record.withValue(new SequencedTick(tick, missing, state.lastSequence(), false)));
        }
    }
}
