package io.eventpipeline.iot.topology;

import static io.eventpipeline.iot.topology.IotDriver.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eventpipeline.core.event.Alert;
import io.eventpipeline.iot.event.DeviceProfile;
import io.eventpipeline.iot.event.SensorType;
import io.eventpipeline.iot.event.Thresholds;
import java.util.List;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;

class ThresholdAlertTopologyTest {

    // Default temperature band: 10..30 °C, hysteresis 0.5.

    @Test
    void shouldAlertOnceAboveTheLimitAndClearOnlyPastTheHysteresisLine() {
        try (IotDriver d = new IotDriver()) {
            d.temperature("t1", 29.0, T0);
            d.temperature("t1", 30.0, T0.plusSeconds(10)); // at the limit: not above it
            assertEquals(List.of(), d.alertLog("THRESHOLD"));

            d.temperature("t1", 30.1, T0.plusSeconds(20));
            d.temperature("t1", 31.0, T0.plusSeconds(30));
            d.temperature("t1", 29.6, T0.plusSeconds(40)); // back under the limit, not under 29.5: still high
            d.temperature("t1", 30.4, T0.plusSeconds(50));
            List<Alert> raised = d.alerts("THRESHOLD");
            assertEquals(1, raised.size(), "one alert, not one per reading: " + raised);
            Alert high = raised.get(0);
            assertEquals(IotAlerts.THRESHOLD_HIGH, high.type());
            assertEquals("t1", high.key());
            assertEquals(T0.plusSeconds(20), high.timestamp());
            assertEquals(30.1, high.details().get("value"));
            assertEquals(30.0, high.details().get("high"));
            assertEquals("iot-THRESHOLD_HIGH-t1-" + T0.plusSeconds(20).toEpochMilli(), high.alertId());
            assertEquals(1, activeCount(d));

            d.temperature("t1", 29.5, T0.plusSeconds(60)); // exactly on the hysteresis line: cleared
            d.temperature("t1", 29.9, T0.plusSeconds(70));
            assertEquals(List.of(IotAlerts.THRESHOLD_CLEARED + " t1"), d.alertLog("THRESHOLD"));
            assertEquals(0, activeCount(d));
        }
    }

    @Test
    void shouldClearAndRaiseWhenAValueJumpsFromOneSideToTheOther() {
        try (IotDriver d = new IotDriver()) {
            d.temperature("t1", 9.9, T0);
            d.temperature("t1", 10.4, T0.plusSeconds(10)); // inside, but not past 10.5
            d.temperature("t1", 35.0, T0.plusSeconds(20));
            assertEquals(List.of(IotAlerts.THRESHOLD_LOW + " t1", IotAlerts.THRESHOLD_CLEARED + " t1",
                    IotAlerts.THRESHOLD_HIGH + " t1"), d.alertLog("THRESHOLD"));
        }
    }

    @Test
    void shouldIgnoreDuplicateAndOutOfOrderReadings() {
        try (IotDriver d = new IotDriver()) {
            d.temperature("t1", 31.0, T0.plusSeconds(10));
            d.temperature("t1", 31.0, T0.plusSeconds(10)); // duplicate
            d.temperature("t1", 20.0, T0.plusSeconds(5)); // older than the newest: no clear
            assertEquals(List.of(IotAlerts.THRESHOLD_HIGH + " t1"), d.alertLog("THRESHOLD"));
        }
    }

    @Test
    void shouldApplyAThresholdChangedInTheRegistryFromTheNextReading() {
        try (IotDriver d = new IotDriver()) {
            d.temperature("t1", 26.0, T0);
            assertTrue(d.alerts.isEmpty());

            d.register(new DeviceProfile("t1", "hq", "r1", SensorType.TEMPERATURE, new Thresholds(15.0, 25.0, 1.0), null, null));
            d.temperature("t1", 26.0, T0.plusSeconds(10));
            d.temperature("t1", 24.5, T0.plusSeconds(20)); // inside, not past 24.0
            d.temperature("t2", 26.0, T0.plusSeconds(20)); // another device keeps the default band
            List<Alert> raised = d.alerts("THRESHOLD");
            assertEquals(1, raised.size(), raised.toString());
            assertEquals(IotAlerts.THRESHOLD_HIGH, raised.get(0).type());
            assertEquals(25.0, raised.get(0).details().get("high"));
            assertEquals(1.0, raised.get(0).details().get("hysteresis"));
        }
    }

    @Test
    void shouldKeepCo2WithoutALowLimit() {
        try (IotDriver d = new IotDriver()) {
            d.send(new io.eventpipeline.iot.event.Reading("c1", "hq", "r1", SensorType.CO2, 0.0, "ppm", T0));
            d.send(new io.eventpipeline.iot.event.Reading("c1", "hq", "r1", SensorType.CO2, 1600.0, "ppm", T0.plusSeconds(10)));
            List<Alert> raised = d.alerts("THRESHOLD");
            assertEquals(1, raised.size(), raised.toString());
            assertEquals(IotAlerts.THRESHOLD_HIGH, raised.get(0).type());
            assertNull(raised.get(0).details().get("low"));
        }
    }

    private static long activeCount(IotDriver d) {
        KeyValueStore<String, Alert> active = d.driver.getKeyValueStore(ActiveAlerts.STORE);
        return active.approximateNumEntries();
    }
}
