package io.eventpipeline.iot.topology;

import io.eventpipeline.core.event.DashboardUpdate;
import io.eventpipeline.core.serde.JsonSerde;
import io.eventpipeline.core.serde.StateSerde;
import io.eventpipeline.core.streams.LateRecords;
import io.eventpipeline.core.streams.TimeIndex;
import io.eventpipeline.core.streams.WatermarkWindowAggregate;
import io.eventpipeline.core.streams.Watermarks;
import io.eventpipeline.iot.IotConfig;
import io.eventpipeline.iot.IotTopics;
import io.eventpipeline.iot.event.Reading;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.TimestampedKeyValueStore;
import org.apache.kafka.streams.state.TimestampedWindowStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.apache.kafka.streams.state.WindowStore;

/**
 * Per-device and per-room statistics over 1-minute tumbling windows (count, min, max, mean, standard
 * deviation), late readings counted within the grace period; each room's once its window has closed.
 *
 * <p>In: normalized readings (key deviceId). Out: the queryable store {@value #DEVICE_STATS_STORE} (key
 * deviceId, value {@link Stats}), and {@code iot.dashboard} key {@value #PANEL}, one update per room, sensor
 * type and window once the window has closed, data {@code {"roomId","sensorType","count","min","max","mean","stddev"}}.
 * Stores: {@value #DEVICE_STATS_STORE}, {@value #ROOM_STATS_STORE}, {@value #ROOM_STATS_PUBLISHED_STORE} (per
 * task: the next room window to publish, and the watermark of each task sending partials when it was last stored).
 */
public final class DeviceStatsTopology {

    public static final String DEVICE_STATS_STORE = "iot-device-stats-1m";
    /** The open room windows, keyed {@code TimeIndex.key(windowStart, roomKey)}; a window leaves once published. */
    public static final String ROOM_STATS_STORE = "iot-room-stats-1m-open";
    /** The room windows' window store of versions before 2026-12-08: emptied into {@value #ROOM_STATS_STORE} at start. */
    static final String OLD_ROOM_STATS_STORE = "iot-room-stats-1m";
    public static final String ROOM_STATS_PUBLISHED_STORE = "iot-room-stats-1m-published";
    public static final String PANEL = "room-stats-1m";
    /** Room partials later than the grace, counted per task in Kafka Streams' metrics (group {@code stream-iot-room-stats-metrics}). */
    static final String LATE_SCOPE = "iot-room-stats";
    /** Readings later than the grace at their device's window, counted per task (group {@code stream-iot-device-stats-metrics}). */
    static final String LATE_SCOPE_DEVICES = "iot-device-stats";
    static final String LATE_READINGS = "late-readings";
    static final String LATE_PARTIALS = "late-room-partials";
    static final Duration WINDOW = Duration.ofMinutes(1);

    private DeviceStatsTopology() {
    }

    public static void build(StreamsBuilder builder, KStream<String, Reading> readings, IotConfig config) {
        TimeWindows windows = TimeWindows.ofSizeAndGrace(WINDOW, config.grace());
        // Per device: readings are keyed by device already, so no repartition.
        readings
                // Kafka Streams counts the readings its windowed aggregation drops as late only among every record
                // its task drops (the dead letters too); these are counted apart as well (late-readings-total).
                .processValues(LateRecords.counting(windows, LATE_SCOPE_DEVICES, LATE_READINGS),
                        Named.as("iot-count-late-readings"))
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
        // Each partial carries its reading task's watermark (the newest reading time it has taken).
        KStream<String, Stats> partials = readings
                .processValues(Watermarks.stamping(), Named.as("iot-stamp-readings"))
                .map((device, reading) -> KeyValue.pair(roomKey(reading), Stats.empty().add(reading.value())),
                        Named.as("iot-key-readings-by-room"))
                .repartition(Repartitioned.<String, Stats>as("iot-group-partial-room-stats")
                        .withKeySerde(Serdes.String()).withValueSerde(JsonSerde.of(Stats.class)));
        roomStatistics(builder, partials, config)
                .to(IotTopics.DASHBOARD.name(), IotTopics.DASHBOARD.producedAs("iot-sink-room-stats"));
    }

    /** Sums {@code partials} (key {@link #roomKey}) per room window, each window published once when every task sending partials has closed it. */
    static KStream<String, DashboardUpdate> roomStatistics(StreamsBuilder builder, KStream<String, Stats> partials,
                                                          IotConfig config) {
        builder.addStateStore(Stores.timestampedWindowStoreBuilder(
                        Stores.persistentTimestampedWindowStore(OLD_ROOM_STATS_STORE, WINDOW.plus(config.grace()), WINDOW, false),
                        Serdes.String(), StateSerde.of(Stats.class))
                .withCachingDisabled());
        return partials.process(roomAggregate(config), Named.as("iot-aggregate-room-stats"), OLD_ROOM_STATS_STORE);
    }

    /** {@code <roomId>|<sensorType>}: the key of a room's statistics of one sensor type. */
    static String roomKey(Reading reading) {
        return reading.roomId() + "|" + reading.sensorType();
    }

    /**
     * Sums each room's partials per window and publishes every window once, when it closes, in the order of
     * window and key ({@link WatermarkWindowAggregate}): what a windowed reduce followed by {@code
     * suppress(untilWindowCloses)} does, without the suppression buffer, which logged a second copy of every
     * update of every room (0.95 changelog records per reading in the IoT benchmark) to publish what the
     * window store already holds. A key-value store in window order, not a window store: a window store
     * expires windows by the newest time put, which runs ahead of the slowest sender's watermark, and scans
     * whole segments to find one window's rooms.
     *
     * <p>A window closes when the watermark passes its end plus the grace. A room's partials come from every
     * task of the readings, interleaved as they arrive, and those tasks drift apart in event time when a
     * backlog is read faster than it was made: so the watermark is the least of the senders' ({@link
     * Watermarks}, a sender idle after {@code partition.idle.after}), not the newest partial's time, and a
     * partial is late only when its sender was past its window's close too, as its reading was at the device
     * windows. The next window to publish and the senders' watermarks are kept in {@value
     * #ROOM_STATS_PUBLISHED_STORE}.
     *
     * <p>Partials later than that are dropped and counted ({@code late-room-partials-total}): a reading later
     * than the grace at its device, or from a sender that went idle and came back behind the others.
     */
    static WatermarkWindowAggregate<Stats, Stats, String, DashboardUpdate> roomAggregate(IotConfig config) {
        return WatermarkWindowAggregate.of(ROOM_STATS_STORE, StateSerde.of(Stats.class), Stats::plus)
                .publishedStore(ROOM_STATS_PUBLISHED_STORE)
                .windows(WINDOW, WINDOW).grace(config.grace())
                .senders(config.partitions(), config.partitionIdleAfter())
                .lateCountedAs(LATE_SCOPE, LATE_PARTIALS)
                .beforeOpen(DeviceStatsTopology::migrate)
                .forwarding((start, room, sum) -> new Record<>(PANEL, dashboard(room, start, sum.value()), sum.timestamp()));
    }

    /** Moves the open windows of the earlier room store ({@value #OLD_ROOM_STATS_STORE}) into {@value #ROOM_STATS_STORE}. */
    private static void migrate(ProcessorContext<?, ?> context) {
        KeyValueStore<String, Long> published = context.getStateStore(ROOM_STATS_PUBLISHED_STORE);
        migrate(context.getStateStore(OLD_ROOM_STATS_STORE), context.getStateStore(ROOM_STATS_STORE), published.get("next"));
    }

    /**
     * Moves the windows not yet published (from {@code next} on, all if {@code null}) of an earlier version's
     * window store into {@code windows}, and empties it.
     */
    private static void migrate(TimestampedWindowStore<String, Stats> old, TimestampedKeyValueStore<String, Stats> windows,
                                Long next) {
        List<KeyValue<Windowed<String>, ValueAndTimestamp<Stats>>> open = new ArrayList<>();
        try (KeyValueIterator<Windowed<String>, ValueAndTimestamp<Stats>> all = old.all()) {
            all.forEachRemaining(open::add);
        }
        for (KeyValue<Windowed<String>, ValueAndTimestamp<Stats>> window : open) {
            long start = window.key.window().start();
            if (next == null || start >= next) {
                String key = TimeIndex.key(start, window.key.key());
                ValueAndTimestamp<Stats> sum = windows.get(key);
                windows.put(key, sum == null ? window.value : ValueAndTimestamp.make(sum.value().plus(window.value.value()),
                        Math.max(sum.timestamp(), window.value.timestamp())));
            }
            old.put(window.key.key(), null, start);
        }
    }

    private static DashboardUpdate dashboard(String key, long start, Stats stats) {
        int bar = key.lastIndexOf('|');
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("roomId", key.substring(0, bar));
        data.put("sensorType", key.substring(bar + 1));
        data.putAll(stats.summary());
        return DashboardUpdate.ofWindow(IotTopics.APP, PANEL, start, WINDOW, data);
    }
}
