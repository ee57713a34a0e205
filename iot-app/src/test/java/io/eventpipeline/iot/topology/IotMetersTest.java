package io.eventpipeline.iot.topology;

import static io.eventpipeline.iot.topology.IotDriver.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.eventpipeline.core.query.LocalStores;
import io.eventpipeline.iot.event.Reading;
import io.eventpipeline.iot.event.SensorType;
import io.eventpipeline.iot.metrics.IotMeters;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.apache.kafka.streams.state.QueryableStoreType;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.junit.jupiter.api.Test;

/** The IoT business gauges read what the topology's stores hold. */
class IotMetersTest {

    @Test
    void shouldCountAlertsInForceOfflineDevicesAndReportEachRoomsClimate() {
        try (IotDriver d = new IotDriver(java.util.Map.of("offline.after", "60s", "offline.check.interval", "5s"))) {
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            IotMeters meters = new IotMeters(registry);
            d.temperature("t1", 31.0, T0); // above the 30 °C limit: a threshold alert in force
            d.temperature("t2", 25.0, T0.plusSeconds(1));
            d.driver.advanceWallClockTime(Duration.ofSeconds(30));
            d.temperature("t2", 25.0, T0.plusSeconds(31));
            d.driver.advanceWallClockTime(Duration.ofSeconds(31)); // t1 silent for 63 s: offline; t2 for 32 s

            meters.refresh(stores(d));

            assertEquals(1.0, registry.get(IotMeters.ACTIVE_ALERTS).tag("condition", "THRESHOLD").gauge().value());
            assertEquals(0.0, registry.get(IotMeters.ACTIVE_ALERTS).tag("condition", "STUCK").gauge().value());
            assertEquals(1.0, registry.get(IotMeters.ACTIVE_ALERTS).tag("condition", "OFFLINE").gauge().value());
            assertEquals(1.0, registry.get(IotMeters.OFFLINE_DEVICES).gauge().value());
            // (31 + 25) / 2 = 28 °C against a 21 °C setpoint and a 1 °C deadband: cooling.
            assertEquals(28.0, registry.get(IotMeters.ROOM_TEMPERATURE).tag("room", "hq:r1").gauge().value());
            assertEquals(21.0, registry.get(IotMeters.ROOM_SETPOINT).tag("room", "hq:r1").gauge().value());
            assertEquals(1.0, registry.get(IotMeters.ROOMS).tag("mode", "COOL").gauge().value());
            assertEquals(0.0, registry.get(IotMeters.ROOMS).tag("mode", "HEAT").gauge().value());

            d.temperature("t1", 20.0, T0.plusSeconds(70)); // back online, inside the band
            meters.refresh(stores(d));
            assertEquals(0.0, registry.get(IotMeters.OFFLINE_DEVICES).gauge().value());
            assertEquals(22.5, registry.get(IotMeters.ROOM_TEMPERATURE).tag("room", "hq:r1").gauge().value());
        }
    }

    @Test
    void shouldReportAtMostTheBoundedNumberOfRoomsButCountThemAll() {
        try (IotDriver d = new IotDriver(java.util.Map.of())) {
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            IotMeters meters = new IotMeters(registry, 1);
            d.temperature("t1", 21.0, T0); // room hq:r1
            d.send(new Reading("t9", "hq", "r2", SensorType.TEMPERATURE, 21.0, "C", T0.plusSeconds(1)));

            meters.refresh(stores(d));

            assertEquals(1, registry.find(IotMeters.ROOM_SETPOINT).gauges().size(), "one room's series");
            assertEquals(1, registry.find(IotMeters.ROOM_TEMPERATURE).gauges().size(), "one room's series");
            assertEquals(21.0, registry.get(IotMeters.ROOM_SETPOINT).tag("room", "hq:r1").gauge().value());
            double rooms = registry.find(IotMeters.ROOMS).gauges().stream().mapToDouble(g -> g.value()).sum();
            assertEquals(2.0, rooms, "every room counted by mode");
        }
    }

    static LocalStores stores(IotDriver d) {
        return new LocalStores() {
            @Override
            @SuppressWarnings("unchecked")
            public <T> T store(String name, QueryableStoreType<T> type) {
                if (type instanceof QueryableStoreTypes.KeyValueStoreType) {
                    return (T) d.driver.getKeyValueStore(name);
                }
                return (T) d.driver.getStateStore(name);
            }
        };
    }
}
