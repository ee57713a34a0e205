package io.eventpipeline.clickstream.topology;

import static io.eventpipeline.clickstream.topology.ClickstreamDriver.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eventpipeline.clickstream.ClickstreamConfig;
import io.eventpipeline.core.event.Alert;
import io.eventpipeline.core.event.Severity;
import io.eventpipeline.localkafka.MetricProbe;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class BotDetectionTopologyTest {

    private static final ClickstreamConfig CONFIG = new ClickstreamConfig(Duration.ofSeconds(5), Duration.ofMinutes(30),
            10, Duration.ofSeconds(10), 5, 0.5, 10, 6, "none", ClickstreamDriver.PREAGGREGATE);

    @Test
    void shouldAlertOncePerWindowForAUserAboveTheEventRate() {
        try (ClickstreamDriver d = new ClickstreamDriver(CONFIG)) {
            for (int i = 0; i < 9; i++) {
                d.view("bot", "/same", T0.plusMillis(500L * i)); // 9 events in 4.5 s; limit 5 per 10 s
            }
            d.view("human", "/a", T0.plusSeconds(1));
            d.view("human", "/b", T0.plusSeconds(6));

            List<Alert> alerts = d.alerts.readValuesToList();
            assertEquals(1, alerts.size(), "one alert for the window, not one per event above the limit");
            Alert alert = alerts.get(0);
            assertEquals("clickstream-bot-bot-" + T0.toEpochMilli(), alert.alertId());
            assertEquals("BOT_SUSPECTED", alert.type());
            assertEquals(Severity.WARNING, alert.severity());
            assertEquals("bot", alert.key());
            assertEquals(T0.plusMillis(2_500), alert.timestamp(), "raised at the event that broke the limit (the 6th)");
            assertEquals("events", alert.details().get("rule"));
            assertEquals(6, ((Number) alert.details().get("events")).intValue());

            for (int i = 0; i < 6; i++) {
                d.view("bot", "/same", T0.plusSeconds(10).plusMillis(100L * i)); // the next window breaks it again
            }
            List<Alert> next = d.alerts.readValuesToList();
            assertEquals(1, next.size());
            assertEquals("clickstream-bot-bot-" + T0.plusSeconds(10).toEpochMilli(), next.get(0).alertId());
            assertTrue(d.alerts.isEmpty());
        }
    }

    @Test
    void shouldAlertForTooManyDistinctPagesPerSecond() {
        ClickstreamConfig pagesOnly = new ClickstreamConfig(Duration.ofSeconds(5), Duration.ofMinutes(30), 10,
                Duration.ofSeconds(10), 1_000, 0.5, 10, 6, "none", ClickstreamDriver.PREAGGREGATE);
        try (ClickstreamDriver d = new ClickstreamDriver(pagesOnly)) {
            for (int i = 0; i < 5; i++) {
                d.view("crawler", "/p/" + i, T0.plusMillis(100L * i)); // 5 pages in 10 s = 0.5/s: at the limit
            }
            assertTrue(d.alerts.isEmpty());
            d.view("crawler", "/p/5", T0.plusMillis(600)); // the 6th distinct page: 0.6/s

            List<Alert> alerts = d.alerts.readValuesToList();
            assertEquals(1, alerts.size());
            assertEquals("pages", alerts.get(0).details().get("rule"));
            assertEquals(6, ((Number) alerts.get(0).details().get("distinctPages")).intValue());
        }
    }

    @Test
    void shouldCountAnEventInAWindowClosedWithItsGraceAndNotAlertOnIt() {
        try (ClickstreamDriver d = new ClickstreamDriver(CONFIG)) {
            for (int i = 0; i < 5; i++) {
                d.view("bot", "/same", T0.plusMillis(100L * i)); // 5 events in [10:00:00, 10:00:10): at the limit
            }
            d.view("human", "/a", T0.plusSeconds(15)); // close time 10:00:10: the first window has closed
            d.view("bot", "/same", T0.plusSeconds(9)); // its 6th event, too late: dropped, no alert

            assertTrue(d.alerts.isEmpty());
            double late = MetricProbe.sensorTotal(d.driver.metrics(),
                    BotDetectionTopology.LATE_SCOPE, BotDetectionTopology.LATE_EVENTS);
            assertEquals(1.0, late);
        }
    }
}
