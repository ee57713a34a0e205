package io.eventpipeline.market.topology;

import static io.eventpipeline.market.topology.MarketDriver.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;

/** Indicators and signals on closed 1-minute candles, with short windows so every value is computed by hand. */
class IndicatorAndSignalTopologyTest {

    private static final Map<String, String> SHORT = Map.of("grace", "0s", "sma.short", "2", "sma.long", "3",
            "volatility.candles", "2", "breakout.candles", "2");
    private static final double EPSILON = 1e-12;

    /** One trade per minute at {@code closes[i]}, in the middle of minute {@code i}; then one more minute closes the last. */
    private static void minutes(MarketDriver market, double... closes) {
        for (int i = 0; i < closes.length; i++) {
            market.trade("ACME", closes[i], 100, minute(i).plusSeconds(30));
        }
        market.trade("ACME", closes[closes.length - 1], 100, minute(closes.length).plusSeconds(30));
    }

    private static Instant minute(int i) {
        return T0.plusSeconds(60L * i);
    }

    private static Indicators indicators(MarketDriver market) {
        KeyValueStore<String, IndicatorState> store = market.driver.getKeyValueStore(IndicatorTopology.STORE);
        return store.get("ACME").latest();
    }

    @Test
    void shouldComputeAveragesVolatilityAndChannelByHand() {
        try (MarketDriver market = new MarketDriver(SHORT)) {
            minutes(market, 10, 11);
            Indicators two = indicators(market);
            assertEquals(2, two.candles());
            assertEquals(10.5, two.smaShort(), EPSILON);
            assertNull(two.smaLong());
            assertEquals(10.5, two.emaShort(), EPSILON, "the first EMA is the SMA of the first closes");
            assertNull(two.emaLong());
            assertNull(two.volatility(), "two returns need three closes");
            assertNull(two.channelHigh(), "the channel needs two earlier candles");
        }
        try (MarketDriver market = new MarketDriver(SHORT)) {
            minutes(market, 10, 11, 12);
            Indicators three = indicators(market);
            assertEquals(minute(3), three.windowEnd());
            assertEquals(11.5, three.smaShort(), EPSILON);
            assertEquals(11.0, three.smaLong(), EPSILON);
            assertEquals(2.0 / 3 * 12 + 1.0 / 3 * 10.5, three.emaShort(), EPSILON);
            assertEquals(11.0, three.emaLong(), EPSILON);
            double r1 = Math.log(11.0 / 10);
            double r2 = Math.log(12.0 / 11);
            assertEquals(Math.abs(r1 - r2) / Math.sqrt(2), three.volatility(), EPSILON);
            assertEquals(11.0, three.channelHigh(), EPSILON);
            assertEquals(10.0, three.channelLow(), EPSILON);
        }
        try (MarketDriver market = new MarketDriver(SHORT)) {
            minutes(market, 10, 11, 12, 11);
            Indicators four = indicators(market);
            assertEquals(11.5, four.smaShort(), EPSILON);
            assertEquals(34.0 / 3, four.smaLong(), EPSILON);
            assertEquals(2.0 / 3 * 11 + 1.0 / 3 * 11.5, four.emaShort(), EPSILON);
            assertEquals(0.5 * 11 + 0.5 * 11.0, four.emaLong(), EPSILON);
            assertEquals(12.0, four.channelHigh(), EPSILON);
            assertEquals(11.0, four.channelLow(), EPSILON);
        }
    }

    @Test
    void shouldSignalEachCrossingOnce() {
        try (MarketDriver market = new MarketDriver(SHORT)) {
            // 3rd close breaks above the channel (10..11); the 5th falls below it (11..12) and takes the short
            // average (10) under the long one (32/3).
            minutes(market, 10, 11, 12, 11, 9);
            assertEquals(List.of("BUY BREAKOUT_UP ACME 12.0", "SELL SMA_CROSS_DOWN ACME 9.0", "SELL BREAKOUT_DOWN ACME 9.0"),
                    market.signalLog());
            assertTrue(market.signals.isEmpty());
        }
    }

    @Test
    void shouldNotSignalAgainWhileStillOnTheSameSide() {
        try (MarketDriver market = new MarketDriver(SHORT)) {
            // Rising all the way: one breakout, then closes keep above the channel without a new signal; the
            // short average stays above the long one (set at the third candle, no crossing).
            minutes(market, 10, 11, 12, 13, 14, 15);
            assertEquals(List.of("BUY BREAKOUT_UP ACME 12.0"), market.signalLog());
        }
    }

    @Test
    void shouldTreatTouchingAveragesAsNoCrossing() {
        try (MarketDriver market = new MarketDriver(Map.of("grace", "0s", "sma.short", "1", "sma.long", "2",
                "breakout.candles", "100"))) {
            // short = the close, long = mean of the last two: 10 | 12 (above) | 12 (equal: stays above) | 13 (above)
            // | 11 (below: one crossing) | 11 (equal) | 10 (below).
            minutes(market, 10, 12, 12, 13, 11, 11, 10);
            assertEquals(List.of("SELL SMA_CROSS_DOWN ACME 11.0"), market.signalLog());
        }
    }

    @Test
    void shouldIgnoreACandleThatIsNotNewer() {
        try (MarketDriver market = new MarketDriver(SHORT)) {
            minutes(market, 10, 11, 12);
            assertEquals(3, indicators(market).candles());
            market.trade("ACME", 5, 1, minute(1).plusSeconds(1)); // far too late: its minute is closed
            assertEquals(3, indicators(market).candles());
        }
    }
}
