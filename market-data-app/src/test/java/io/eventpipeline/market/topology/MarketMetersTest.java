package io.eventpipeline.market.topology;

import static io.eventpipeline.market.topology.MarketDriver.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.eventpipeline.core.query.LocalStores;
import io.eventpipeline.market.MarketTopics;
import io.eventpipeline.market.event.Signal.Side;
import io.eventpipeline.market.event.Signal;
import io.eventpipeline.market.metrics.MarketMeters;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.state.QueryableStoreType;
import org.junit.jupiter.api.Test;

/** The market business gauges read the sequencer's symbols and the risk manager's books. */
class MarketMetersTest {

    @Test
    void shouldCountSymbolsTradedRecentlyPositionsAndTradesInFlight() {
        try (MarketDriver d = new MarketDriver(Map.of("exchange.reject.share", "0", "exchange.lost.ack.share", "0",
                "exchange.no.fill.share", "0"))) {
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            MarketMeters meters = new MarketMeters(registry, Clock.fixed(T0.plusSeconds(30), ZoneOffset.UTC));
            d.trade("OLD", 5.0, 100, T0.minusSeconds(300));
            d.trade("ACME", 10.0, 100, T0);
            d.trade("BETA", 20.0, 100, T0.plusSeconds(10));
            TestInputTopic<String, Signal> signals = d.driver.createInputTopic(MarketTopics.SIGNALS.name(),
                    Serdes.String().serializer(), MarketTopics.SIGNALS.valueSerde().serializer());
            signals.pipeInput("ACME", new Signal("ACME", Side.BUY, "SMA_CROSS_UP", 10.0, T0.plusSeconds(20)));

            meters.refresh(stores(d));
            assertEquals(3.0, registry.get(MarketMeters.SYMBOLS).gauge().value());
            assertEquals(2.0, registry.get(MarketMeters.SYMBOLS_TRADED).gauge().value(), "OLD last traded 5 minutes ago");
            assertEquals(1.0, registry.get(MarketMeters.TRADES_IN_FLIGHT).gauge().value(), "risk reserved, not yet filled");
            assertEquals(0.0, registry.get(MarketMeters.OPEN_POSITIONS).gauge().value());

            for (int i = 0; i < 40; i++) {
                d.driver.advanceWallClockTime(Duration.ofMillis(50)); // the exchange fills, the fill is booked
            }
            meters.refresh(stores(d));
            assertEquals(0.0, registry.get(MarketMeters.TRADES_IN_FLIGHT).gauge().value());
            assertEquals(1.0, registry.get(MarketMeters.OPEN_POSITIONS).gauge().value());
        }
    }

    static LocalStores stores(MarketDriver d) {
        return new LocalStores() {
            @Override
            @SuppressWarnings("unchecked")
            public <T> T store(String name, QueryableStoreType<T> type) {
                return (T) d.driver.getKeyValueStore(name);
            }
        };
    }
}
