package io.eventpipeline.market.topology;

import static io.eventpipeline.market.topology.MarketDriver.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eventpipeline.core.event.DashboardUpdate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;

class MoversTopologyTest {

    @SuppressWarnings("unchecked")
    private static List<String> symbols(DashboardUpdate update, String list) {
        return ((List<Map<String, Object>>) update.data().get(list)).stream().map(m -> (String) m.get("symbol")).toList();
    }

    @Test
    void shouldPublishAMinutesMoversOnceNoMoreCandlesCome() {
        try (MarketDriver market = new MarketDriver(Map.of("grace", "0s", "movers.top", "2", "movers.flush", "2s"))) {
            // Opens and closes: AAA +10 %, BBB -5 %, CCC +2 % (and the most value traded), DDD 0 %.
            market.trade("AAA", 10.0, 100, T0.plusSeconds(1));
            market.trade("AAA", 11.0, 100, T0.plusSeconds(50));
            market.trade("BBB", 20.0, 100, T0.plusSeconds(2));
            market.trade("BBB", 19.0, 100, T0.plusSeconds(51));
            market.trade("CCC", 50.0, 1000, T0.plusSeconds(3));
            market.trade("CCC", 51.0, 1000, T0.plusSeconds(52));
            market.trade("DDD", 30.0, 10, T0.plusSeconds(4));
            market.trade("AAA", 11.0, 1, T0.plusSeconds(61)); // closes minute 0
            assertTrue(market.dashboard.isEmpty(), "waits for candles from other partitions");

            market.driver.advanceWallClockTime(Duration.ofSeconds(3));
            List<DashboardUpdate> updates = market.dashboard.readValuesToList();
            assertEquals(1, updates.size());
            DashboardUpdate movers = updates.get(0);
            assertEquals("movers-1m", movers.panel());
            assertEquals(T0, movers.windowStart());
            assertEquals(4, ((Number) movers.data().get("symbols")).intValue());
            assertEquals(List.of("AAA", "CCC"), symbols(movers, "gainers"));
            assertEquals(List.of("BBB", "DDD"), symbols(movers, "losers"));
            assertEquals(List.of("CCC", "BBB"), symbols(movers, "mostTraded"));

            market.driver.advanceWallClockTime(Duration.ofSeconds(3));
            assertTrue(market.dashboard.isEmpty(), "published once");
        }
    }

    @Test
    void shouldPublishAMinuteAtOnceWhenALaterMinutesCandleComes() {
        try (MarketDriver market = new MarketDriver(Map.of("grace", "0s", "movers.flush", "1h"))) {
            market.trade("AAA", 10.0, 100, T0.plusSeconds(1));
            market.trade("AAA", 11.0, 100, T0.plusSeconds(61)); // minute 0 closes
            market.trade("AAA", 12.0, 100, T0.plusSeconds(121)); // minute 1 closes: minute 0 is complete
            List<DashboardUpdate> updates = market.dashboard.readValuesToList();
            assertEquals(1, updates.size());
            assertEquals(T0, updates.get(0).windowStart());
            assertEquals(List.of("AAA"), symbols(updates.get(0), "gainers"));
        }
    }

    @Test
    void shouldKeepOnlyTheLastMinutes() {
        try (MarketDriver market = new MarketDriver(Map.of("grace", "0s", "movers.flush", "1h"))) {
            int minutes = MoversTopology.KEPT_MINUTES + 5;
            for (int m = 0; m <= minutes; m++) {
                market.trade("AAA", 10.0 + m, 100, T0.plusSeconds(60L * m + 1));
            }
            KeyValueStore<Long, MoversEntry> store = market.driver.getKeyValueStore(MoversTopology.STORE);
            List<Long> kept = new ArrayList<>();
            try (KeyValueIterator<Long, MoversEntry> all = store.all()) {
                all.forEachRemaining(kv -> kept.add(kv.key));
            }
            // Minutes 0 .. minutes-1 closed; the newest ten stay.
            List<Long> expected = new ArrayList<>();
            for (int m = minutes - MoversTopology.KEPT_MINUTES; m < minutes; m++) {
                expected.add(T0.plusSeconds(60L * m).toEpochMilli());
            }
            assertEquals(expected, kept);
            assertEquals(minutes - 1, market.dashboard.readValuesToList().size(), "every minute but the newest closed one published");
        }
    }
}
