package io.eventpipeline.iot.topology;

import static io.eventpipeline.iot.topology.IotDriver.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eventpipeline.core.event.Alert;
import io.eventpipeline.core.reactive.Outbound;
import io.eventpipeline.iot.IotTopics;
import io.eventpipeline.iot.generator.BuildingTraffic;
import io.eventpipeline.iot.generator.BuildingTraffic.InjectedFault;
import io.eventpipeline.iot.event.Reading;
import io.eventpipeline.iot.generator.IotGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The generator's injected faults through the whole topology: each spike and each stuck run raises its
 * alert, at the reading where the rule says it should, and no device raises an alert its faults cannot
 * explain (a device without faults raises none).
 */
class GeneratedFaultsTest {

    private static final int DEVICES = 20;
    /** Each device reports about every 2 s of event time (a duplicate takes a turn too). */
    private static final Duration EVENT_STEP = Duration.ofMillis(100);
    /** What each kind of fault may cause (a spike crosses the high limit and comes back; a drift may). */
    private static final Map<String, Set<String>> CONSEQUENCES = Map.of(
            "SPIKE", Set.of(IotAlerts.SPIKE, IotAlerts.THRESHOLD_HIGH, IotAlerts.THRESHOLD_CLEARED),
            "STUCK", Set.of(IotAlerts.STUCK_SENSOR, IotAlerts.STUCK_SENSOR_CLEARED),
            "DRIFT", Set.of(IotAlerts.THRESHOLD_HIGH, IotAlerts.THRESHOLD_CLEARED));

    @Test
    void shouldAlertOnEveryInjectedFaultAndOnNothingElse() {
        BuildingTraffic traffic = (BuildingTraffic) new IotGenerator().factory(Map.of("devices", Integer.toString(DEVICES),
                "spikes", "0.003", "stuck", "0.002", "drift", "0.002", "dropouts", "0", "duplicates", "0.005",
                "out-of-order", "0", "malformed", "0"));
        SplittableRandom random = new SplittableRandom(3);
        List<Alert> alerts;
        Map<String, List<Instant>> readingTimes = new HashMap<>();
        // The generated rooms do not answer HVAC commands, so confirming them (HvacConfirmationTest) is off here.
        try (IotDriver d = new IotDriver(Map.of("hvac.confirm", "false"))) {
            for (int i = 0; i < 8_000; i++) {
                Outbound<String, byte[]> record = traffic.next(i, random, T0.plus(EVENT_STEP.multipliedBy(i)));
                Reading reading = IotTopics.READINGS.valueSerde().deserializer().deserialize("t", record.value());
                List<Instant> times = readingTimes.computeIfAbsent(reading.deviceId(), k -> new ArrayList<>());
                if (times.isEmpty() || !times.get(times.size() - 1).equals(reading.timestamp())) { // not a duplicate
                    times.add(reading.timestamp());
                }
                d.send(reading);
            }
            alerts = d.alerts.readValuesToList();
        }
        List<InjectedFault> faults = traffic.faults();
        assertTrue(faults.stream().filter(f -> f.kind().equals("SPIKE")).count() >= 5, "enough spikes: " + faults);
        assertTrue(faults.stream().filter(f -> f.kind().equals("STUCK")).count() >= 3, "enough stuck runs: " + faults);

        // No alert without a fault that explains it.
        Map<String, Set<String>> allowed = new HashMap<>();
        faults.forEach(f -> allowed.computeIfAbsent(f.deviceId(), k -> new HashSet<>()).addAll(CONSEQUENCES.get(f.kind())));
        for (Alert alert : alerts) {
            assertTrue(allowed.getOrDefault(alert.key(), Set.of()).contains(alert.type()),
                    "unexplained " + alert.type() + " for " + alert.key() + " at " + alert.timestamp());
        }

        Set<String> raised = new HashSet<>();
        long stuckRuns = 0;
        alerts.forEach(a -> raised.add(a.type() + " " + a.key() + " " + a.timestamp()));
        for (InjectedFault fault : faults) {
            if (fault.kind().equals("STUCK")) {
                // The run's first reading and the next nine make ten equal readings in a row.
                List<Instant> times = readingTimes.get(fault.deviceId());
                int tenth = times.indexOf(fault.at()) + 9;
                if (tenth < times.size()) {
                    stuckRuns++;
                    assertTrue(raised.contains(IotAlerts.STUCK_SENSOR + " " + fault.deviceId() + " " + times.get(tenth)),
                            "stuck run of " + fault.deviceId() + " from " + fault.at() + " alerted at " + times.get(tenth));
                }
            }
            if (fault.kind().equals("SPIKE") && !afterAnotherFault(fault, faults)) {
                assertTrue(raised.contains(IotAlerts.SPIKE + " " + fault.deviceId() + " " + fault.at()),
                        "spike of " + fault.deviceId() + " at " + fault.at() + " alerted");
            }
        }
        assertEquals(stuckRuns, alerts.stream().filter(a -> a.type().equals(IotAlerts.STUCK_SENSOR)).count(),
                "one stuck alert per run");
    }

    /** A spike right after another fault of the same device may belong to that fault's episode. */
    private static boolean afterAnotherFault(InjectedFault spike, List<InjectedFault> faults) {
        return faults.stream().anyMatch(f -> f != spike && f.deviceId().equals(spike.deviceId())
                && !f.at().isAfter(spike.at()) && f.at().isAfter(spike.at().minus(Duration.ofSeconds(35))));
    }
}
