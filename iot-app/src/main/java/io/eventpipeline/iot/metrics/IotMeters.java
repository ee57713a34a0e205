package io.eventpipeline.iot.metrics;

import io.eventpipeline.core.event.Alert;
import io.eventpipeline.core.metrics.BusinessMeters;
import io.eventpipeline.core.query.LocalStores;
import io.eventpipeline.iot.event.HvacMode;
import io.eventpipeline.iot.topology.ActiveAlerts;
import io.eventpipeline.iot.topology.ClimateControlTopology;
import io.eventpipeline.iot.topology.RoomClimate;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The IoT app's business gauges, from its local stores:
 * <ul>
 *   <li>{@value #ACTIVE_ALERTS} (tag {@code condition}: THRESHOLD, STUCK, OFFLINE): alerts in force, from
 *       {@value ActiveAlerts#STORE};</li>
 *   <li>{@value #OFFLINE_DEVICES}: devices silent past the offline timeout (the OFFLINE alerts in force);</li>
 *   <li>{@value #ROOM_TEMPERATURE} and {@value #ROOM_SETPOINT} (tag {@code room}, °C) and {@value #ROOMS}
 *       (tag {@code mode}: HEAT, COOL, OFF), from {@value ClimateControlTopology#ROOMS_STORE}. One series per
 *       room for the first {@value #MAX_ROOM_SERIES} rooms of this instance in key order; {@value #ROOMS}
 *       counts every room.</li>
 * </ul>
 *
 * <p>Why the bound: a series per room is a handful of objects in the registry and a line in every scrape;
 * with a million simulated devices in a quarter of a million rooms, the per-room gauges filled a 384 MiB
 * heap (800,000 meter ids in a heap histogram) and would have flooded Prometheus.
 */
public final class IotMeters implements BusinessMeters {

    public static final String ACTIVE_ALERTS = "pipeline.iot.alerts.active";
    public static final String OFFLINE_DEVICES = "pipeline.iot.devices.offline";
    public static final String ROOM_TEMPERATURE = "pipeline.iot.room.temperature";
    public static final String ROOM_SETPOINT = "pipeline.iot.room.setpoint";
    public static final String ROOMS = "pipeline.iot.rooms";

    /** Rooms with their own temperature and setpoint series, at the most. */
    public static final int MAX_ROOM_SERIES = 1_000;

    static final List<String> CONDITIONS = List.of("THRESHOLD", "STUCK", "OFFLINE");

    private final int maxRoomSeries;

    private final Map<String, AtomicLong> active = new java.util.LinkedHashMap<>();
    private final Map<HvacMode, AtomicLong> rooms = new EnumMap<>(HvacMode.class);
    private final MultiGauge temperatures;
    private final MultiGauge setpoints;

    public IotMeters(MeterRegistry registry) {
        this(registry, MAX_ROOM_SERIES);
    }

    /** With at most {@code maxRoomSeries} rooms' temperature and setpoint series. */
    public IotMeters(MeterRegistry registry, int maxRoomSeries) {
        this.maxRoomSeries = maxRoomSeries;
        for (String condition : CONDITIONS) {
            AtomicLong count = new AtomicLong();
            active.put(condition, count);
            Gauge.builder(ACTIVE_ALERTS, count, AtomicLong::get).tag("condition", condition)
                    .description("alerts in force (raised and not yet cleared)").register(registry);
        }
        Gauge.builder(OFFLINE_DEVICES, active.get("OFFLINE"), AtomicLong::get)
                .description("devices silent for longer than the offline timeout").register(registry);
        for (HvacMode mode : HvacMode.values()) {
            AtomicLong count = new AtomicLong();
            rooms.put(mode, count);
            Gauge.builder(ROOMS, count, AtomicLong::get).tag("mode", mode.name())
                    .description("rooms by what their HVAC was last told to do").register(registry);
        }
        temperatures = MultiGauge.builder(ROOM_TEMPERATURE).baseUnit("celsius")
                .description("current average temperature of a room").register(registry);
        setpoints = MultiGauge.builder(ROOM_SETPOINT).baseUnit("celsius")
                .description("the room's target temperature").register(registry);
    }

    @Override
    public void refresh(LocalStores stores) {
        ReadOnlyKeyValueStore<String, Alert> alerts = stores.store(ActiveAlerts.STORE, QueryableStoreTypes.keyValueStore());
        Map<String, Long> counts = new java.util.HashMap<>();
        try (KeyValueIterator<String, Alert> all = alerts.all()) {
            while (all.hasNext()) {
                String key = all.next().key;
                counts.merge(key.substring(key.lastIndexOf('|') + 1), 1L, Long::sum);
            }
        }
        active.forEach((condition, count) -> count.set(counts.getOrDefault(condition, 0L)));

        ReadOnlyKeyValueStore<String, RoomClimate> climate = stores.store(ClimateControlTopology.ROOMS_STORE,
                QueryableStoreTypes.keyValueStore());
        List<MultiGauge.Row<?>> temperatureRows = new ArrayList<>();
        List<MultiGauge.Row<?>> setpointRows = new ArrayList<>();
        Map<HvacMode, Long> modes = new EnumMap<>(HvacMode.class);
        try (KeyValueIterator<String, RoomClimate> all = climate.all()) {
            while (all.hasNext()) {
                KeyValue<String, RoomClimate> room = all.next();
                if (setpointRows.size() < maxRoomSeries) {
                    Tags tags = Tags.of("room", room.key);
                    if (!room.value.devices().isEmpty()) {
                        temperatureRows.add(MultiGauge.Row.of(tags, room.value.temperature()));
                    }
                    setpointRows.add(MultiGauge.Row.of(tags, room.value.setpoint()));
                }
                modes.merge(room.value.mode(), 1L, Long::sum);
            }
        }
        temperatures.register(temperatureRows, true);
        setpoints.register(setpointRows, true);
        rooms.forEach((mode, count) -> count.set(modes.getOrDefault(mode, 0L)));
    }
}
