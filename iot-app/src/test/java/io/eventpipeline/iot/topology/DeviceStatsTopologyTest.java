package io.eventpipeline.iot.topology;

import static io.eventpipeline.iot.topology.IotDriver.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eventpipeline.core.event.DashboardUpdate;
import io.eventpipeline.iot.event.Reading;
import io.eventpipeline.iot.event.SensorType;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.state.WindowStore;
import org.junit.jupiter.api.Test;

class DeviceStatsTopologyTest {

    @Test
    void shouldComputeExactWindowStatisticsPerDeviceWithLateReadingsInsideTheGrace() {
        try (IotDriver d = new IotDriver(Map.of("grace", "30s"))) {
            d.temperature("t1", 20.0, T0.plusSeconds(5));
            d.temperature("t1", 22.0, T0.plusSeconds(15));
            d.temperature("t1", 24.0, T0.plusSeconds(65)); // next window
            d.temperature("t1", 21.0, T0.plusSeconds(45)); // late, inside the grace: counts in the first
            d.temperature("t2", 30.0, T0.plusSeconds(100)); // stream time 10:01:40: the first window closes (10:01:30)
            d.temperature("t1", 99.0, T0.plusSeconds(50)); // too late: dropped

            WindowStore<String, Stats> stats = d.driver.getWindowStore(DeviceStatsTopology.DEVICE_STATS_STORE);
            Stats first = stats.fetch("t1", T0.toEpochMilli());
            assertEquals(3, first.count());
            assertEquals(20.0, first.min());
            assertEquals(22.0, first.max());
            assertEquals(21.0, first.mean(), 1e-12);
            assertEquals(Math.sqrt(2.0 / 3.0), first.stddev(), 1e-12); // values 20, 22, 21
            assertEquals(1, stats.fetch("t1", T0.plusSeconds(60).toEpochMilli()).count());
        }
    }

    @Test
    void shouldPublishEachRoomsStatisticsPerSensorTypeOnceTheWindowCloses() {
        try (IotDriver d = new IotDriver(Map.of("grace", "10s"))) {
            d.temperature("t1", 20.0, T0.plusSeconds(1));
            d.temperature("t2", 23.0, T0.plusSeconds(2));
            d.send(new Reading("h1", "hq", "r1", SensorType.HUMIDITY, 40.0, "%", T0.plusSeconds(3)));
            d.send(new Reading("t9", "hq", "r2", SensorType.TEMPERATURE, 68.0, "F", T0.plusSeconds(4))); // 20 °C
            assertTrue(d.dashboard.isEmpty(), "nothing before the window closes");
            d.temperature("t1", 20.5, T0.plusSeconds(75)); // 10:01:15: past 10:01:00 + 10 s grace

            List<DashboardUpdate> updates = d.dashboard.readValuesToList();
            assertEquals(3, updates.size(), updates.toString());
            Map<String, Map<String, Object>> byRoom = new java.util.HashMap<>();
            updates.forEach(u -> byRoom.put(u.data().get("roomId") + "|" + u.data().get("sensorType"), u.data()));
            Map<String, Object> r1 = byRoom.get("hq:r1|TEMPERATURE");
            assertEquals(2, ((Number) r1.get("count")).intValue());
            assertEquals(21.5, r1.get("mean"));
            assertEquals(1.5, r1.get("stddev"));
            assertEquals(20.0, r1.get("min"));
            assertEquals(23.0, r1.get("max"));
            assertEquals(40.0, byRoom.get("hq:r1|HUMIDITY").get("mean"));
            assertEquals(20.0, byRoom.get("hq:r2|TEMPERATURE").get("mean"));
            assertEquals(DeviceStatsTopology.PANEL, updates.get(0).panel());
            assertEquals(T0, updates.get(0).windowStart());
            assertEquals(T0.plusSeconds(60), updates.get(0).windowEnd());
        }
    }

    @Test
    void shouldPublishEachRoomWindowOnceInWindowOrderAndLeaveOutPartialsLaterThanTheGrace() {
        try (IotDriver d = new IotDriver(Map.of("grace", "10s"))) {
            d.temperature("t1", 20.0, T0.plusSeconds(1));
            d.temperature("t1", 22.0, T0.plusSeconds(61));
            d.temperature("t1", 24.0, T0.plusSeconds(305)); // 10:05:05 closes both, and the empty minutes between

            List<DashboardUpdate> closed = d.dashboard.readValuesToList();
            assertEquals(List.of(T0, T0.plusSeconds(60)), closed.stream().map(DashboardUpdate::windowStart).toList());
            assertEquals(List.of(20.0, 22.0), closed.stream().map(u -> u.data().get("mean")).toList());

            d.temperature("t1", 30.0, T0.plusSeconds(30)); // its window is published: not counted, not published again
            d.temperature("t1", 26.0, T0.plusSeconds(306));
            assertTrue(d.dashboard.isEmpty(), () -> "nothing new has closed: " + d.dashboard.readValuesToList());
            d.temperature("t1", 28.0, T0.plusSeconds(370)); // 10:06:10: 10:05:00 + 1 min + 10 s grace

            List<DashboardUpdate> fifth = d.dashboard.readValuesToList();
            assertEquals(1, fifth.size(), fifth.toString());
            assertEquals(T0.plusSeconds(300), fifth.get(0).windowStart());
            assertEquals(2, ((Number) fifth.get(0).data().get("count")).intValue());
            assertEquals(25.0, fifth.get(0).data().get("mean"));
            double late = d.driver.metrics().entrySet().stream()
                    .filter(m -> m.getKey().name().equals(DeviceStatsTopology.LATE_PARTIALS + "-total")
                            && m.getKey().group().equals("stream-" + DeviceStatsTopology.LATE_SCOPE + "-metrics"))
                    .mapToDouble(m -> ((Number) m.getValue().metricValue()).doubleValue()).sum();
            assertEquals(1.0, late, "the partial of 10:00:30");
        }
    }
}
