package io.eventpipeline.market.metrics;

import io.eventpipeline.core.metrics.BusinessMeters;
import io.eventpipeline.core.query.LocalStores;
import io.eventpipeline.market.topology.SequencingTopology;
import io.eventpipeline.market.topology.SymbolState;
import io.eventpipeline.market.trading.RiskState;
import io.eventpipeline.market.trading.RiskTopology;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The market-data app's business gauges, from its local stores (each instance reports its partitions'
 * symbols; Prometheus sums over instances):
 * <ul>
 *   <li>{@value #SYMBOLS} and {@value #SYMBOLS_TRADED}: symbols seen, and those with a tick in the last
 *       minute of event time before now, from {@value SequencingTopology#STORE};</li>
 *   <li>{@value #OPEN_POSITIONS} and {@value #TRADES_IN_FLIGHT}: symbols the desk holds a position in, and
 *       trades whose risk is reserved and not yet booked or released, from {@value RiskTopology#STORE}.</li>
 * </ul>
 */
public final class MarketMeters implements BusinessMeters {

    public static final String SYMBOLS = "pipeline.market.symbols";
    public static final String SYMBOLS_TRADED = "pipeline.market.symbols.traded";
    public static final String OPEN_POSITIONS = "pipeline.market.positions.open";
    public static final String TRADES_IN_FLIGHT = "pipeline.market.trades.in.flight";

    private static final Duration RECENT = Duration.ofMinutes(1);

    private final Clock clock;
    private final AtomicLong symbols = new AtomicLong();
    private final AtomicLong traded = new AtomicLong();
    private final AtomicLong positions = new AtomicLong();
    private final AtomicLong inFlight = new AtomicLong();

    public MarketMeters(MeterRegistry registry, Clock clock) {
        this.clock = clock;
        Gauge.builder(SYMBOLS, symbols, AtomicLong::get).description("symbols seen").register(registry);
        Gauge.builder(SYMBOLS_TRADED, traded, AtomicLong::get).description("symbols with a tick in the last minute")
                .register(registry);
        Gauge.builder(OPEN_POSITIONS, positions, AtomicLong::get).description("symbols with a non-zero position")
                .register(registry);
        Gauge.builder(TRADES_IN_FLIGHT, inFlight, AtomicLong::get)
                .description("trades with risk reserved, not yet booked or released").register(registry);
    }

    @Override
    public void refresh(LocalStores stores) {
        Instant recent = clock.instant().minus(RECENT);
        ReadOnlyKeyValueStore<String, SymbolState> sequencing = stores.store(SequencingTopology.STORE,
                QueryableStoreTypes.keyValueStore());
        long seen = 0;
        long active = 0;
        try (KeyValueIterator<String, SymbolState> all = sequencing.all()) {
            while (all.hasNext()) {
                SymbolState state = all.next().value;
                seen++;
                if (state.newest() != null && state.newest().isAfter(recent)) {
                    active++;
                }
            }
        }
        symbols.set(seen);
        traded.set(active);

        ReadOnlyKeyValueStore<String, RiskState> risk = stores.store(RiskTopology.STORE, QueryableStoreTypes.keyValueStore());
        long open = 0;
        long trades = 0;
        try (KeyValueIterator<String, RiskState> all = risk.all()) {
            while (all.hasNext()) {
                RiskState book = all.next().value;
                open += book.position() != 0 ? 1 : 0;
                trades += book.reservations().size();
            }
        }
        positions.set(open);
        inFlight.set(trades);
    }
}
