package io.eventpipeline.iot.topology;

import io.eventpipeline.core.event.DashboardUpdate;
import io.eventpipeline.core.serde.JsonSerde;
import io.eventpipeline.core.serde.StateSerde;
import io.eventpipeline.iot.IotConfig;
import io.eventpipeline.iot.IotTopics;
import io.eventpipeline.iot.event.Reading;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Suppressed;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.state.WindowStore;

/**
 * Per-device and per-room statistics over 1-minute tumbling windows (count, min, max, mean, standard
 * deviation), late readings counted within the grace period.
 *
 * <p>In: normalized readings (key deviceId). Out: the queryable store {@value #DEVICE_STATS_STORE} (key
 * deviceId, value {@link Stats}), and {@code iot.dashboard} key {@value #PANEL}, one update per room, sensor
 * type and window once the window has closed, data {@code {"roomId","sensorType","count","min","max","mean","stddev"}}.
 * Stores: {@value #DEVICE_STATS_STORE}, {@value #ROOM_STATS_STORE}.
 */
public final class DeviceStatsTopology {

    public static final String DEVICE_STATS_STORE = "iot-device-stats-1m";
    public static final String ROOM_STATS_STORE = "iot-room-stats-1m";
    public static final String PANEL = "room-stats-1m";
    static final Duration WINDOW = Duration.ofMinutes(1);

    private DeviceStatsTopology() {
    }

    public static void build(KStream<String, Reading> readings, IotConfig config) {
        TimeWindows windows = TimeWindows.ofSizeAndGrace(WINDOW, config.grace());
        // Per device: readings are keyed by device already, so no repartition.
        readings
                .groupByKey(Grouped.with("iot-group-readings-by-device", Serdes.String(), IotTopics.READINGS.valueSerde()))
                .windowedBy(windows)
                .aggregate(Stats::empty, (device, reading, stats) -> stats.add(reading.value()),
                        Named.as("iot-aggregate-device-stats"),
                        Materialized.<String, Stats, WindowStore<Bytes, byte[]>>as(DEVICE_STATS_STORE)
                                .withKeySerde(Serdes.String()).withValueSerde(StateSerde.of(Stats.class))
                                // Uncached: a device reads a few times a minute, so within a commit interval the
                                // record cache almost never merges two updates of one device's window; with more
                                // devices than fit, every put only evicted another device's entry to the store.
                                .withCachingDisabled());

        // Per room and sensor type: each reading travels to its room's partition as a one-reading partial.
        // Not combined per task first: a room has a few devices, spread over the partitions, each reading
        // every few seconds, so a task's buffer met a room's key again about once in 25 readings (IoT
        // benchmark, 100,000 devices) and cost two changelog records per reading to save none.
        readings
                .map((device, reading) -> KeyValue.pair(roomKey(reading), Stats.empty().add(reading.value())),
                        Named.as("iot-key-readings-by-room"))
                .groupByKey(Grouped.with("iot-group-partial-room-stats", Serdes.String(), JsonSerde.of(Stats.class)))
                .windowedBy(windows)
                .reduce(Stats::plus, Named.as("iot-aggregate-room-stats"),
                        Materialized.<String, Stats, WindowStore<Bytes, byte[]>>as(ROOM_STATS_STORE)
                                .withKeySerde(Serdes.String()).withValueSerde(StateSerde.of(Stats.class)))
                // One update per room, type and window, once no late reading can change it.
                .suppress(Suppressed.<Windowed<String>>untilWindowCloses(Suppressed.BufferConfig.unbounded())
                        .withName("iot-suppress-room-stats"))
                .toStream(Named.as("iot-final-room-stats"))
                .map((window, stats) -> KeyValue.pair(PANEL, dashboard(window, stats)), Named.as("iot-dashboard-room-stats"))
                .to(IotTopics.DASHBOARD.name(), IotTopics.DASHBOARD.producedAs("iot-sink-room-stats"));
    }

    /** {@code <roomId>|<sensorType>}: the key of a room's statistics of one sensor type. */
    static String roomKey(Reading reading) {
        return reading.roomId() + "|" + reading.sensorType();
    }

    private static DashboardUpdate dashboard(Windowed<String> window, Stats stats) {
        String key = window.key();
        int bar = key.lastIndexOf('|');
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("roomId", key.substring(0, bar));
        data.put("sensorType", key.substring(bar + 1));
        data.putAll(stats.summary());
        return new DashboardUpdate(IotTopics.APP, PANEL, window.window().startTime(), window.window().endTime(), data);
    }
}
