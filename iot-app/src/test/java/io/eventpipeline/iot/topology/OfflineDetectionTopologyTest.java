package io.eventpipeline.iot.topology;

import static io.eventpipeline.iot.topology.IotDriver.T0;
import static io.eventpipeline.iot.topology.IotDriver.WALL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eventpipeline.core.event.Alert;
import io.eventpipeline.iot.event.Reading;
import io.eventpipeline.iot.event.SensorType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;

class OfflineDetectionTopologyTest {

    private static final Map<String, String> SETTINGS = Map.of("offline.after", "60s", "offline.check.interval", "5s");

    @Test
    void shouldAlertOnceWhenADeviceFallsSilentAndAgainWhenItReports() {
        try (IotDriver d = new IotDriver(SETTINGS)) {
            // Each send advances the wall clock by a second after the reading (the driver's pre-aggregation flush).
            d.temperature("t1", 21.0, T0);
            d.temperature("t2", 21.0, T0);
            d.driver.advanceWallClockTime(Duration.ofSeconds(30));
            d.temperature("t2", 21.1, T0.plusSeconds(30));
            d.driver.advanceWallClockTime(Duration.ofSeconds(30)); // t1 silent for 61 s, t2 for 30 s
            List<Alert> offline = d.alerts("DEVICE");
            assertEquals(1, offline.size(), offline.toString());
            assertEquals(IotAlerts.DEVICE_OFFLINE, offline.get(0).type());
            assertEquals("t1", offline.get(0).key());
            assertEquals(WALL.toString(), offline.get(0).details().get("lastSeen"));

            d.driver.advanceWallClockTime(Duration.ofMinutes(5)); // t2 goes silent too, t1 is not alerted again
            assertEquals(List.of(IotAlerts.DEVICE_OFFLINE + " t2"), d.alertLog("DEVICE"));
            KeyValueStore<String, Alert> active = d.driver.getKeyValueStore(ActiveAlerts.STORE);
            assertNotNull(active.get("t1|OFFLINE"));

            d.temperature("t1", 21.2, T0.plusSeconds(400));
            List<Alert> online = d.alerts("DEVICE");
            assertEquals(1, online.size());
            assertEquals(IotAlerts.DEVICE_ONLINE, online.get(0).type());
            assertEquals("t1", online.get(0).key());
            assertNull(active.get("t1|OFFLINE"));
            assertNotNull(active.get("t2|OFFLINE"));
            KeyValueStore<String, Liveness> liveness = d.driver.getKeyValueStore(OfflineDetectionTopology.LIVENESS_STORE);
            assertFalse(liveness.get("t1").offline());
            assertTrue(liveness.get("t2").offline());
            assertEquals(21.2, liveness.get("t1").latest().value());

            d.driver.advanceWallClockTime(Duration.ofSeconds(61)); // back online, t1 is watched again
            assertEquals(List.of(IotAlerts.DEVICE_OFFLINE + " t1"), d.alertLog("DEVICE"));
        }
    }

    @Test
    void shouldKeepTheNewestReadingByEventTimeWhileCountingAnyArrivalAsALifeSign() {
        try (IotDriver d = new IotDriver(SETTINGS)) {
            d.temperature("t1", 21.0, T0.plusSeconds(30));
            d.driver.advanceWallClockTime(Duration.ofSeconds(50));
            d.temperature("t1", 20.0, T0); // late, but the device is alive
            d.driver.advanceWallClockTime(Duration.ofSeconds(50));
            assertEquals(List.of(), d.alertLog("DEVICE"));
            KeyValueStore<String, Liveness> liveness = d.driver.getKeyValueStore(OfflineDetectionTopology.LIVENESS_STORE);
            assertEquals(21.0, liveness.get("t1").latest().value());
        }
    }

    @Test
    void shouldSpreadAPassOverManyDevicesAcrossPunctuationsAndAlertEachDeviceOnce() {
        int slice = OfflineDetectionTopology.DEVICES_PER_SLICE;
        int count = 3 * slice + 7;
        try (IotDriver d = new IotDriver(SETTINGS)) {
            for (int i = 0; i < count; i++) {
                String device = String.format("t%05d", i);
                d.readings.pipeInput(device, new Reading(device, "hq", "r1", SensorType.TEMPERATURE, 21.0, "C", T0));
            }
            d.driver.advanceWallClockTime(Duration.ofSeconds(61)); // every device silent for 61 s
            List<Integer> slices = new ArrayList<>();
            Set<String> alerted = new HashSet<>();
            List<Alert> first = d.alerts(IotAlerts.DEVICE_OFFLINE);
            slices.add(first.size());
            first.forEach(alert -> alerted.add(alert.key()));
            for (int punctuation = 0; punctuation < 3; punctuation++) {
                d.driver.advanceWallClockTime(OfflineDetectionTopology.SLICE_INTERVAL);
                List<Alert> next = d.alerts(IotAlerts.DEVICE_OFFLINE);
                slices.add(next.size());
                next.forEach(alert -> alerted.add(alert.key()));
            }
            assertEquals(List.of(slice, slice, slice, 7), slices, "the check's first slice, then one per interval");
            assertEquals(count, alerted.size(), "every device once");

            d.driver.advanceWallClockTime(Duration.ofMinutes(5)); // later checks find every device offline already
            assertEquals(List.of(), d.alerts("DEVICE"));
        }
    }
}
