package io.eventpipeline.clickstream.topology;

import static io.eventpipeline.clickstream.topology.ClickstreamDriver.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eventpipeline.clickstream.ClickstreamConfig;
import io.eventpipeline.clickstream.event.SessionSummary;
import io.eventpipeline.clickstream.event.UserSessions;
import io.eventpipeline.core.event.DashboardUpdate;
import io.eventpipeline.localkafka.MetricProbe;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;

class SessionsTopologyTest {

    private static ClickstreamConfig config(Duration gap, Duration grace) {
        return new ClickstreamConfig(grace, gap, 10, Duration.ofSeconds(10), 1_000, 1_000, 10, 6, "none", ClickstreamDriver.PREAGGREGATE);
    }

    @Test
    void shouldPublishASessionOnceWhenItsGapHasPassed() {
        try (ClickstreamDriver d = new ClickstreamDriver(config(Duration.ofMinutes(5), Duration.ZERO))) {
            d.view("u1", "/a", T0);
            d.view("u1", "/b", T0.plusSeconds(120));
            d.view("u1", "/a", T0.plusSeconds(130));
            d.view("u2", "/a", T0.plusSeconds(429)); // 10:07:09: the gap after 10:02:10 has not passed yet
            assertTrue(d.sessions.isEmpty());
            d.view("u2", "/a", T0.plusSeconds(430)); // 10:07:10: it has, and the session closes
            assertEquals(List.of(KeyValue.pair("u1", new SessionSummary("u1", T0, T0.plusSeconds(130), 130_000, 3, 3,
                    false, false, 0.0, List.of("/a", "/b")))), d.sessions.readKeyValuesToList());
            assertTrue(d.sessions.isEmpty());
        }
    }

    @Test
    void shouldMergeTwoSessionsThatALateEventBridges() {
        try (ClickstreamDriver d = new ClickstreamDriver(config(Duration.ofMinutes(5), Duration.ofMinutes(5)))) {
            d.view("u1", "/a", T0);
            d.view("u1", "/c", T0.plusSeconds(480));  // 8 min later: a second session
            d.view("u1", "/b", T0.plusSeconds(240));  // late, 4 min after the first: bridges both
            d.view("u2", "/x", T0.plusSeconds(1_200)); // 10:20: both gaps and the grace have passed

            List<SessionSummary> closed = d.sessions.readValuesToList();
            assertEquals(List.of(new SessionSummary("u1", T0, T0.plusSeconds(480), 480_000, 3, 3, false, false, 0.0,
                    List.of("/a", "/c", "/b"))), closed, "pages in the order their views arrived");
        }
    }

    @Test
    void shouldMarkBouncesAndConversionsAndPublishMinuteStats() {
        try (ClickstreamDriver d = new ClickstreamDriver(config(Duration.ofMinutes(5), Duration.ZERO))) {
            d.view("bouncer", "/a", T0.plusSeconds(5));
            d.view("buyer", "/p/1", T0.plusSeconds(10));
            d.cart("buyer", "sku-1", T0.plusSeconds(20));
            d.purchase("buyer", 12.5, T0.plusSeconds(30));
            d.view("late", "/z", T0.plusSeconds(700)); // closes both sessions (ended 10:00:05 and 10:00:30)
            d.view("later", "/z", T0.plusSeconds(1_000)); // and the minute of their end

            Map<String, SessionSummary> closed = new java.util.HashMap<>();
            d.sessions.readKeyValuesToList().forEach(kv -> closed.put(kv.key, kv.value));
            assertEquals(true, closed.get("bouncer").bounce());
            assertEquals(false, closed.get("bouncer").converted());
            assertEquals(false, closed.get("buyer").bounce());
            assertEquals(true, closed.get("buyer").converted());
            assertEquals(12.5, closed.get("buyer").revenue());

            List<DashboardUpdate> stats = d.panel(d.dashboard.readValuesToList(), "sessions-1m");
            DashboardUpdate minute = stats.stream().filter(u -> u.windowStart().equals(T0)).reduce((a, b) -> b).orElseThrow();
            assertEquals(2, ((Number) minute.data().get("sessions")).intValue());
            assertEquals(0.5, minute.data().get("bounceRate"));
            assertEquals(0.5, minute.data().get("conversionRate"));
            assertEquals(12.5, minute.data().get("revenue"));
        }
    }

    @Test
    void shouldDropAnEventTooLateForAnySessionAndCountIt() {
        try (ClickstreamDriver d = new ClickstreamDriver(config(Duration.ofMinutes(5), Duration.ZERO))) {
            d.view("u1", "/a", T0);
            d.view("u2", "/a", T0.plusSeconds(660)); // close time 10:06: u1's session closes
            d.view("u1", "/b", T0.plusSeconds(30));  // ends before the close time, alone: too late

            assertEquals(List.of(KeyValue.pair("u1", new SessionSummary("u1", T0, T0, 0, 1, 1, true, false, 0.0, List.of("/a")))),
                    d.sessions.readKeyValuesToList());
            assertEquals(1.0, lateEvents(d), "the event dropped as too late is counted");
        }
    }

    @Test
    void shouldCloseSessionsInOrderOfTheirLastEventThenUser() {
        try (ClickstreamDriver d = new ClickstreamDriver(config(Duration.ofMinutes(5), Duration.ZERO))) {
            d.view("u2", "/a", T0);
            d.view("u1", "/a", T0);
            d.view("u3", "/a", T0.plusSeconds(10));
            d.view("u0", "/a", T0.plusSeconds(20));
            d.view("x", "/a", T0.plusSeconds(1_200));

            assertEquals(List.of("u1", "u2", "u3", "u0"), d.sessions.readKeyValuesToList().stream().map(kv -> kv.key).toList());
        }
    }

    @Test
    void shouldKeepTheLatestClosedSessionQueryableForAnotherGapAndGrace() {
        try (ClickstreamDriver d = new ClickstreamDriver(config(Duration.ofMinutes(5), Duration.ofMinutes(1)))) {
            KeyValueStore<String, UserSessions> store = d.driver.getKeyValueStore(SessionsTopology.SESSIONS_STORE);
            d.view("u1", "/a", T0);
            assertTrue(store.get("u1").latestOpen());

            d.view("x", "/a", T0.plusSeconds(360)); // close time 10:00: u1's session closes
            UserSessions closed = store.get("u1");
            assertEquals(false, closed.latestOpen());
            assertEquals(T0, closed.latest().last());

            d.view("x", "/a", T0.plusSeconds(719)); // close time 10:05:59: kept
            assertEquals(closed, store.get("u1"));
            d.view("x", "/a", T0.plusSeconds(720)); // 10:06: another gap and grace have passed
            assertNull(store.get("u1"));
        }
    }

    private static double lateEvents(ClickstreamDriver d) {
        return MetricProbe.sensorTotal(d.driver.metrics(), SessionsTopology.LATE_SCOPE, SessionsTopology.LATE_EVENTS);
    }
}
