package io.eventpipeline.iot.topology;

import static io.eventpipeline.iot.topology.IotDriver.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.eventpipeline.core.event.Alert;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AnomalyTopologyTest {

    @Test
    void shouldAlertOnceWhenASensorRepeatsItsValueAndClearWhenItChanges() {
        try (IotDriver d = new IotDriver(Map.of("stuck.readings", "3"))) {
            d.temperature("t1", 21.0, T0);
            d.temperature("t1", 21.0, T0.plusSeconds(10));
            assertEquals(List.of(), d.alertLog("STUCK"));
            d.temperature("t1", 21.0, T0.plusSeconds(20)); // third in a row
            d.temperature("t1", 21.0, T0.plusSeconds(30));
            d.temperature("t1", 21.0, T0.plusSeconds(30)); // a duplicate is not a fifth
            List<Alert> stuck = d.alerts("STUCK");
            assertEquals(1, stuck.size(), stuck.toString());
            assertEquals(IotAlerts.STUCK_SENSOR, stuck.get(0).type());
            assertEquals(T0.plusSeconds(20), stuck.get(0).timestamp());
            assertEquals(3L, ((Number) stuck.get(0).details().get("repeats")).longValue());

            d.temperature("t1", 21.1, T0.plusSeconds(40));
            d.temperature("t1", 21.1, T0.plusSeconds(50));
            assertEquals(List.of(IotAlerts.STUCK_SENSOR_CLEARED + " t1"), d.alertLog("STUCK"));
        }
    }

    @Test
    void shouldAlertOncePerSpikeEpisode() {
        try (IotDriver d = new IotDriver()) {
            // Limit 0.5 °C/s; readings 10 s apart.
            d.temperature("t1", 21.0, T0);
            d.temperature("t1", 24.0, T0.plusSeconds(10)); // 0.3 °C/s: believable
            d.temperature("t1", 33.0, T0.plusSeconds(20)); // 0.9 °C/s: spike
            d.temperature("t1", 24.1, T0.plusSeconds(30)); // and back: same episode
            d.temperature("t1", 24.2, T0.plusSeconds(40)); // normal: the episode ends
            d.temperature("t1", 14.0, T0.plusSeconds(50)); // a new spike
            List<Alert> spikes = d.alerts(IotAlerts.SPIKE);
            assertEquals(List.of(T0.plusSeconds(20), T0.plusSeconds(50)), spikes.stream().map(Alert::timestamp).toList());
            assertEquals(0.9, spikes.get(0).details().get("ratePerSecond"));
            assertEquals(0.5, spikes.get(0).details().get("limitPerSecond"));
        }
    }
}
