package io.eventpipeline.clickstream.topology;

import static io.eventpipeline.clickstream.topology.ClickstreamDriver.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eventpipeline.clickstream.ClickstreamConfig;
import com.fasterxml.jackson.core.type.TypeReference;
import io.eventpipeline.core.event.DashboardUpdate;
import io.eventpipeline.core.serde.Json;
import io.eventpipeline.localkafka.MetricProbe;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class PageAnalyticsTopologyTest {

    private static final ClickstreamConfig CONFIG = new ClickstreamConfig(Duration.ofSeconds(30), Duration.ofMinutes(30),
            2, Duration.ofSeconds(10), 1_000, 1_000, 10, 6, "none", ClickstreamDriver.PREAGGREGATE);

    @Test
    void shouldPublishTheTopPagesOfAMinuteOnceItClosesWithTiesByName() {
        try (ClickstreamDriver d = new ClickstreamDriver(CONFIG)) {
            d.view("u1", "/a", T0.plusSeconds(1));
            d.view("u2", "/a", T0.plusSeconds(2));
            d.view("u3", "/a", T0.plusSeconds(3));
            d.view("u1", "/c", T0.plusSeconds(4));
            d.view("u2", "/c", T0.plusSeconds(5));
            d.view("u3", "/b", T0.plusSeconds(6));
            d.view("u1", "/b", T0.plusSeconds(7));
            d.view("u4", "/d", T0.plusSeconds(8));
            // Nothing is published while the window (plus grace) is open.
            d.view("u9", "/z", T0.plusSeconds(89));
            assertTrue(d.panel(d.dashboard.readValuesToList(), "top-pages-1m").isEmpty());

            d.view("u9", "/z", T0.plusSeconds(91)); // stream time passes 10:01:30: the 10:00 minute closes
            List<DashboardUpdate> updates = d.panel(d.dashboard.readValuesToList(), "top-pages-1m");
            DashboardUpdate last = updates.get(updates.size() - 1);
            assertEquals(T0, last.windowStart());
            assertEquals(T0.plusSeconds(60), last.windowEnd());
            assertEquals(List.of(new PageCount("/a", 3), new PageCount("/b", 2)), pages(last));
            assertEquals(4, updates.size(), "one ranking update per page of the window");
            assertTrue(updates.stream().allMatch(u -> u.windowStart().equals(T0)));
        }
    }

    /** The ranking as published, read back through JSON the way a dashboard reads it. */
    static List<PageCount> pages(DashboardUpdate update) {
        return Json.mapper().convertValue(update.data().get("pages"), new TypeReference<List<PageCount>>() { });
    }

    @Test
    void shouldCountALateViewWithinGraceAndDropOneBeyondIt() {
        try (ClickstreamDriver d = new ClickstreamDriver(CONFIG)) {
            d.view("u1", "/a", T0.plusSeconds(10));
            d.view("u2", "/x", T0.plusSeconds(70));  // stream time 10:01:10
            d.view("u3", "/a", T0.plusSeconds(50));  // 20 s late: within the 30 s grace, counts
            d.view("u2", "/x", T0.plusSeconds(91));  // 10:01:31: the 10:00 minute closes
            d.view("u4", "/a", T0.plusSeconds(55));  // beyond grace: dropped
            d.view("u2", "/x", T0.plusSeconds(200)); // close later windows too

            List<DashboardUpdate> first = d.panel(d.dashboard.readValuesToList(), "top-pages-1m").stream()
                    .filter(u -> u.windowStart().equals(T0)).toList();
            assertEquals(1, first.size());
            assertEquals(List.of(new PageCount("/a", 2)), pages(first.get(0)));
        }
    }

    @Test
    void shouldRankFiveMinuteHoppingWindowsEveryMinute() {
        try (ClickstreamDriver d = new ClickstreamDriver(CONFIG)) {
            d.view("u1", "/a", T0.plusSeconds(30));   // in the five windows starting 09:56 … 10:00
            d.view("u2", "/b", T0.plusSeconds(150));  // 10:02:30: in windows starting 09:58 … 10:02
            d.view("u3", "/b", T0.plusSeconds(160));
            d.view("u9", "/z", T0.plusSeconds(331));  // 10:05:31: windows ending by 10:05 are closed

            List<DashboardUpdate> updates = d.panel(d.dashboard.readValuesToList(), "top-pages-5m");
            var lastByWindow = new java.util.TreeMap<java.time.Instant, Object>();
            updates.forEach(u -> lastByWindow.put(u.windowStart(), pages(u)));
            assertEquals(List.of(new PageCount("/a", 1)), lastByWindow.get(T0.minusSeconds(240)));  // 09:56-10:01
            assertEquals(List.of(new PageCount("/a", 1)), lastByWindow.get(T0.minusSeconds(180)));  // 09:57-10:02
            assertEquals(List.of(new PageCount("/b", 2), new PageCount("/a", 1)), lastByWindow.get(T0.minusSeconds(120)));
            assertEquals(List.of(new PageCount("/b", 2), new PageCount("/a", 1)), lastByWindow.get(T0.minusSeconds(60)));
            assertEquals(List.of(new PageCount("/b", 2), new PageCount("/a", 1)), lastByWindow.get(T0)); // 10:00-10:05
            assertEquals(5, lastByWindow.size(), "windows starting 10:01 and later are still open");

            d.view("u8", "/a", T0.plusSeconds(30)); // its minute and its five 5-minute windows closed: late for both
            double late = MetricProbe.sensorTotal(d.driver.metrics(),
                    PageAnalyticsTopology.LATE_SCOPE, PageAnalyticsTopology.LATE_COUNTS);
            assertEquals(1.0, late, "counted once, at its minute");
        }
    }
}
