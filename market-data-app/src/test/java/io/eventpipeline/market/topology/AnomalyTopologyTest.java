package io.eventpipeline.market.topology;

import static io.eventpipeline.market.topology.MarketDriver.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eventpipeline.core.event.Alert;
import io.eventpipeline.core.event.Severity;
import io.eventpipeline.market.event.Tick;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AnomalyTopologyTest {

    private static final Map<String, String> FAST = Map.of("anomaly.warmup", "5", "anomaly.ticks", "10",
            "anomaly.jump.z", "4", "anomaly.volume.factor", "10");

    /** {@code n} quiet trades one second apart from {@code startSecond}: prices 100.0 and 100.1 by turns, size 100. */
    private static void quiet(MarketDriver market, int startSecond, int n, double base) {
        for (int i = 0; i < n; i++) {
            market.trade("ACME", base + (i % 2) * 0.1, 100, T0.plusSeconds(startSecond + i));
        }
    }

    @Test
    void shouldRaiseOnePriceJumpAlertPerSymbolAndWindow() {
        try (MarketDriver market = new MarketDriver(FAST)) {
            quiet(market, 0, 12, 100.0);
            assertTrue(market.alerts.isEmpty(), "quiet trading raises nothing");

            market.trade("ACME", 105.0, 100, T0.plusSeconds(12));
            List<Alert> first = market.alerts.readValuesToList();
            assertEquals(1, first.size());
            Alert jump = first.get(0);
            assertEquals("PRICE_JUMP", jump.type());
            assertEquals(Severity.CRITICAL, jump.severity(), "a z-score beyond twice the limit");
            assertEquals("market-PRICE_JUMP-ACME-" + T0.toEpochMilli(), jump.alertId());
            assertEquals(105.0, ((Number) jump.details().get("price")).doubleValue());

            market.trade("ACME", 111.0, 100, T0.plusSeconds(13));
            assertTrue(market.alerts.isEmpty(), "a second jump in the same minute is the same alert");

            quiet(market, 14, 30, 111.0);
            market.trade("ACME", 100.0, 100, T0.plusSeconds(75));
            assertEquals(List.of("PRICE_JUMP ACME"), market.alertLog(), "a jump in the next minute alerts again");
        }
    }

    @Test
    void shouldNotAlertAgainInAWindowAfterALateTickOfTheWindowBefore() {
        try (MarketDriver market = new MarketDriver(FAST)) {
            quiet(market, 0, 55, 100.0);
            market.trade("ACME", 100.0, 2_000, T0.plusSeconds(61));
            assertEquals(List.of("VOLUME_SPIKE ACME"), market.alertLog(), "the second minute's spike");

            market.trade("ACME", 100.0, 10_000, T0.plusSeconds(58)); // late: stamped in the first minute
            market.trade("ACME", 100.0, 100_000, T0.plusSeconds(62));
            assertEquals(List.of(), market.alertLog(),
                    "no alert for a minute before one that alerted, and still one per minute after it");
        }
    }

    @Test
    void shouldWaitForWarmupBeforeJudgingPrices() {
        try (MarketDriver market = new MarketDriver(FAST)) {
            quiet(market, 0, 3, 100.0);
            market.trade("ACME", 120.0, 5000, T0.plusSeconds(3));
            assertEquals(List.of(), market.alertLog());
        }
    }

    @Test
    void shouldRaiseAVolumeSpikeOncePerWindow() {
        try (MarketDriver market = new MarketDriver(FAST)) {
            quiet(market, 0, 10, 100.0);
            market.trade("ACME", 100.0, 2000, T0.plusSeconds(10));
            market.trade("ACME", 100.1, 2500, T0.plusSeconds(11));
            List<Alert> alerts = market.alerts.readValuesToList();
            assertEquals(1, alerts.size());
            assertEquals("VOLUME_SPIKE", alerts.get(0).type());
            assertEquals(2000L, ((Number) alerts.get(0).details().get("size")).longValue());
            assertEquals(100.0, ((Number) alerts.get(0).details().get("meanSize")).doubleValue(), 1e-9);
        }
    }

    @Test
    void shouldFindQuotesCrossedAcrossExchangesButNotStaleOnes() {
        try (MarketDriver market = new MarketDriver(FAST)) {
            market.send(new Tick("ACME", 100.01, 100L, 100.00, 100.02, "XNAS", 1L, T0.plusMillis(1_000)));
            market.send(new Tick("ACME", 100.06, 100L, 100.05, 100.07, "XNYS", 2L, T0.plusMillis(1_500)));
            List<Alert> alerts = market.alerts.readValuesToList();
            assertEquals(1, alerts.size());
            Alert crossed = alerts.get(0);
            assertEquals("CROSSED_QUOTES", crossed.type());
            assertEquals("XNYS", crossed.details().get("bidExchange"));
            assertEquals("XNAS", crossed.details().get("askExchange"));

            // A minute on: the XNAS quote is two seconds old when XNYS quotes above it, so nothing is crossed.
            market.send(new Tick("ACME", 100.01, 100L, 100.00, 100.02, "XNAS", 3L, T0.plusSeconds(70)));
            market.send(new Tick("ACME", 100.06, 100L, 100.05, 100.07, "XNYS", 4L, T0.plusSeconds(72)));
            assertEquals(List.of(), market.alertLog());
        }
    }
}
