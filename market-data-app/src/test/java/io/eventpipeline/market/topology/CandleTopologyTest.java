package io.eventpipeline.market.topology;

import static io.eventpipeline.market.topology.MarketDriver.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eventpipeline.localkafka.MetricProbe;
import io.eventpipeline.market.event.Candle;
import io.eventpipeline.market.event.Tick;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;
import org.junit.jupiter.api.Test;

class CandleTopologyTest {

    private static Instant at(int seconds) {
        return T0.plusSeconds(seconds);
    }

    @Test
    void shouldPublishTheClosedMinuteWithHandComputedOhlcvAndVwap() {
        try (MarketDriver market = new MarketDriver()) {
            market.trade("ACME", 100.00, 100, at(1));
            market.trade("ACME", 101.50, 200, at(20));
            market.trade("ACME", 99.50, 300, at(40));
            market.trade("ACME", 100.50, 400, at(59));
            assertTrue(market.candles.isEmpty(), "the minute is open");

            market.trade("ACME", 100.60, 10, at(65)); // stream time passes the end plus 5 s of grace
            // VWAP = (100*100 + 101.5*200 + 99.5*300 + 100.5*400) / 1000 = 100350 / 1000
            assertEquals(List.of(KeyValue.pair("ACME", new Candle("ACME", "1m", T0, at(60), 100.00, 101.50, 99.50, 100.50,
                    1000, 4, 100.35))), market.candles.readKeyValuesToList());
            assertTrue(market.candles.isEmpty());
        }
    }

    @Test
    void shouldKeepOneSecondCandlesQueryable() {
        try (MarketDriver market = new MarketDriver()) {
            market.trade("ACME", 10.00, 5, at(3).plusMillis(100));
            market.trade("ACME", 10.20, 15, at(3).plusMillis(900));
            market.trade("ACME", 10.10, 10, at(4));

            WindowStore<String, CandleState> seconds = market.driver.getWindowStore(CandleTopology.SECONDS_STORE);
            try (WindowStoreIterator<CandleState> windows = seconds.fetch("ACME", T0, at(10))) {
                KeyValue<Long, CandleState> third = windows.next();
                assertEquals(at(3).toEpochMilli(), third.key);
                assertEquals(new Candle("ACME", "1s", at(3), at(4), 10.00, 10.20, 10.00, 10.20, 20, 2, (10.0 * 5 + 10.2 * 15) / 20),
                        third.value.toCandle("ACME", "1s", at(3), at(4)));
                KeyValue<Long, CandleState> fourth = windows.next();
                assertEquals(new Candle("ACME", "1s", at(4), at(5), 10.10, 10.10, 10.10, 10.10, 10, 1, 10.10),
                        fourth.value.toCandle("ACME", "1s", at(4), at(5)));
                assertTrue(!windows.hasNext());
            }
        }
    }

    @Test
    void shouldAmendTheCandleWithALateTickWithinGraceAndDropOneAfter() {
        try (MarketDriver market = new MarketDriver()) {
            market.trade("ACME", 100.00, 100, at(30));
            market.trade("ACME", 102.00, 100, at(50));
            market.trade("ACME", 103.00, 100, at(62));   // next minute; the first still in grace
            market.trade("ACME", 99.00, 100, at(10));    // late, in grace: it opens the minute, by event time
            market.trade("ACME", 103.10, 100, at(66));   // closes the first minute
            market.trade("ACME", 50.00, 100, at(20));    // too late: dropped

            assertEquals(List.of(new Candle("ACME", "1m", T0, at(60), 99.00, 102.00, 99.00, 102.00, 300, 3, (100.0 + 102 + 99) / 3)),
                    market.candles.readValuesToList());
            double late = MetricProbe.sensorTotal(market.driver.metrics(),
                    CandleTopology.LATE_SCOPE, CandleTopology.LATE_TICKS);
            assertEquals(1.0, late, "the tick dropped as too late is counted");
        }
    }

    @Test
    void shouldBreakTimestampTiesBySequence() {
        try (MarketDriver market = new MarketDriver()) {
            market.send(new Tick("ACME", 20.0, 1L, null, null, null, 7L, at(5)));
            market.send(new Tick("ACME", 21.0, 1L, null, null, null, 8L, at(5)));
            market.send(new Tick("ACME", 22.0, 1L, null, null, null, 9L, at(70)));
            assertEquals(List.of(new Candle("ACME", "1m", T0, at(60), 20.0, 21.0, 20.0, 21.0, 2, 2, 20.5)),
                    market.candles.readValuesToList());
        }
    }

    @Test
    void shouldDropDuplicateSequencesFromCandlesAndAlertOnceOnGaps() {
        try (MarketDriver market = new MarketDriver(Map.of("grace", "0s"))) {
            Tick first = market.trade("ACME", 10.0, 100, at(1));
            market.send(first);                          // the same tick again
            market.trade("ACME", 11.0, 100, at(2));
            market.skip("ACME", 3);
            market.trade("ACME", 12.0, 100, at(3));      // sequences 3..5 missing
            market.skip("ACME", 1);
            market.trade("ACME", 12.5, 100, at(4));      // another gap in the same minute: no second alert
            market.trade("ACME", 13.0, 100, at(60));

            assertEquals(List.of(new Candle("ACME", "1m", T0, at(60), 10.0, 12.5, 10.0, 12.5, 400, 4, (10.0 + 11 + 12 + 12.5) / 4)),
                    market.candles.readValuesToList());
            var alerts = market.alerts.readValuesToList();
            assertEquals(1, alerts.size());
            assertEquals("SEQUENCE_GAP", alerts.get(0).type());
            assertEquals(3L, ((Number) alerts.get(0).details().get("missing")).longValue());
            assertEquals("market-SEQUENCE_GAP-ACME-" + T0.toEpochMilli(), alerts.get(0).alertId());

            SymbolState state = market.driver.<String, SymbolState>getKeyValueStore(SequencingTopology.STORE).get("ACME");
            assertEquals(new SymbolState(9, new Tick("ACME", 13.0, 100L, 12.99, 13.01, "XNAS", 9L, at(60)), at(60), 5, 1, 2, 4, 0), state);
        }
    }

    @Test
    void shouldFollowAFeedThatRestartsItsNumberingButNotAResentTick() {
        try (MarketDriver market = new MarketDriver(Map.of("grace", "0s"))) {
            market.send(new Tick("ACME", 10.0, 100L, null, null, null, 500L, at(1)));
            market.send(new Tick("ACME", 11.0, 100L, null, null, null, 501L, at(30)));
            market.send(new Tick("ACME", 99.0, 100L, null, null, null, 7L, at(80)));   // within a minute of the newest: a stray duplicate
            market.send(new Tick("ACME", 12.0, 100L, null, null, null, 1L, at(150)));  // more than a minute on: the feed restarted
            market.send(new Tick("ACME", 12.5, 100L, null, null, null, 2L, at(151)));
            market.send(new Tick("ACME", 13.0, 100L, null, null, null, 3L, at(200)));

            assertEquals(List.of(T0, at(120)), market.candles.readValuesToList().stream().map(Candle::windowStart).toList());
            assertEquals(List.of("SEQUENCE_RESTART ACME"), market.alertLog());
            SymbolState state = market.driver.<String, SymbolState>getKeyValueStore(SequencingTopology.STORE).get("ACME");
            assertEquals(List.of(3L, 5L, 1L, 1L, 0L), List.of(state.lastSequence(), state.accepted(), state.duplicates(),
                    state.restarts(), state.gaps()));
        }
    }

    @Test
    void shouldKeepSymbolsApart() {
        try (MarketDriver market = new MarketDriver(Map.of("grace", "0s"))) {
            market.trade("AAA", 1.0, 1, at(1));
            market.trade("BBB", 2.0, 2, at(2));
            market.trade("AAA", 1.5, 3, at(61));
            market.trade("BBB", 2.5, 4, at(62));
            assertEquals(List.of(
                    KeyValue.pair("AAA", new Candle("AAA", "1m", T0, at(60), 1.0, 1.0, 1.0, 1.0, 1, 1, 1.0)),
                    KeyValue.pair("BBB", new Candle("BBB", "1m", T0, at(60), 2.0, 2.0, 2.0, 2.0, 2, 1, 2.0))),
                    market.candles.readKeyValuesToList());
        }
    }

    @Test
    void shouldNotLetADroppedDuplicateCloseWindows() {
        try (MarketDriver market = new MarketDriver()) {
            market.send(new Tick("ACME", 10.0, 100L, null, null, null, 1L, at(10)));
            market.send(new Tick("ACME", 11.0, 100L, null, null, null, 2L, at(30)));
            // A resent tick stamped later than any accepted one: dropped, and its time is not the candles'.
            market.send(new Tick("ACME", 99.0, 100L, null, null, null, 1L, at(50)));
            market.send(new Tick("ACME", 12.0, 100L, null, null, null, 3L, at(40)));

            WindowStore<String, CandleState> seconds = market.driver.getWindowStore(CandleTopology.SECONDS_STORE);
            CandleState fortieth = seconds.fetch("ACME", at(40).toEpochMilli());
            assertEquals(12.0, fortieth.close(), "the 40th second is 10 s behind the candles' stream time, inside no grace of 5 s had the duplicate counted");
            assertEquals(at(40).toEpochMilli(), market.driver.<String, Long>getKeyValueStore(CandleTopology.OPEN_STORE)
                    .get(CandleTopology.STREAM_TIME));
        }
    }

    @Test
    void shouldPublishEveryClosedMinuteInOrderOfStartThenSymbol() {
        try (MarketDriver market = new MarketDriver(Map.of("grace", "0s"))) {
            market.trade("BBB", 2.0, 1, at(1));
            market.trade("AAA", 1.0, 1, at(2));
            market.trade("AAA", 1.1, 1, at(61));
            market.trade("CCC", 3.0, 1, at(62));
            assertEquals(List.of("AAA " + T0, "BBB " + T0), published(market));

            market.trade("AAA", 1.2, 1, at(200)); // closes two minutes at once; the one from 120 s had no trades
            assertEquals(List.of("AAA " + at(60), "CCC " + at(60)), published(market));
            assertTrue(market.driver.<String, Long>getKeyValueStore(CandleTopology.OPEN_STORE).get(
                    io.eventpipeline.core.streams.TimeIndex.key(at(60).toEpochMilli(), "AAA")) == null, "published minutes leave the open store");
        }
    }

    private static List<String> published(MarketDriver market) {
        return market.candles.readValuesToList().stream().map(c -> c.symbol() + " " + c.windowStart()).toList();
    }
}
