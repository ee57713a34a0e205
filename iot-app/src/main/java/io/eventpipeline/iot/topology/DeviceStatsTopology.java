package io.eventpipeline.iot.topology;

import io.eventpipeline.core.event.DashboardUpdate;
import io.eventpipeline.core.serde.JsonSerde;
import io.eventpipeline.core.serde.StateSerde;
import io.eventpipeline.iot.IotConfig;
import io.eventpipeline.iot.IotTopics;
import io.eventpipeline.iot.event.Reading;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.metrics.Sensor;
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
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
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
 * Stores: {@value #DEVICE_STATS_STORE}, {@value #ROOM_STATS_STORE}, {@value #ROOM_STATS_PUBLISHED_STORE} (the
 * next room window to publish, per task).
 */
public final class DeviceStatsTopology {

    public static final String DEVICE_STATS_STORE = "iot-device-stats-1m";
    public static final String ROOM_STATS_STORE = "iot-room-stats-1m";
    public static final String ROOM_STATS_PUBLISHED_STORE = "iot-room-stats-1m-published";
    public static final String PANEL = "room-stats-1m";
    /** Room partials later than the grace, counted per task in Kafka Streams' metrics (group {@code stream-iot-room-stats-metrics}). */
    static final String LATE_SCOPE = "iot-room-stats";
    static final String LATE_PARTIALS = "late-room-partials";
    static final Duration WINDOW = Duration.ofMinutes(1);

    private DeviceStatsTopology() {
    }

    public static void build(StreamsBuilder builder, KStream<String, Reading> readings, IotConfig config) {
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
        builder.addStateStore(Stores.timestampedWindowStoreBuilder(
                        Stores.persistentTimestampedWindowStore(ROOM_STATS_STORE, WINDOW.plus(config.grace()), WINDOW, false),
                        Serdes.String(), StateSerde.of(Stats.class))
                // Uncached: 25,000 rooms of four devices merge almost nothing within a commit, and a full record
                // cache only evicted one room's window to the store for every other's put.
                .withCachingDisabled());
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(ROOM_STATS_PUBLISHED_STORE),
                Serdes.String(), Serdes.Long()));
        readings
                .map((device, reading) -> KeyValue.pair(roomKey(reading), Stats.empty().add(reading.value())),
                        Named.as("iot-key-readings-by-room"))
                .repartition(Repartitioned.<String, Stats>as("iot-group-partial-room-stats")
                        .withKeySerde(Serdes.String()).withValueSerde(JsonSerde.of(Stats.class)))
                .process(() -> new RoomStatistics(config.grace()), Named.as("iot-aggregate-room-stats"),
                        ROOM_STATS_STORE, ROOM_STATS_PUBLISHED_STORE)
                .to(IotTopics.DASHBOARD.name(), IotTopics.DASHBOARD.producedAs("iot-sink-room-stats"));
    }

    /** {@code <roomId>|<sensorType>}: the key of a room's statistics of one sensor type. */
    static String roomKey(Reading reading) {
        return reading.roomId() + "|" + reading.sensorType();
    }

    /**
     * Sums each room's partials per window and publishes every window once, when it closes (its end plus the
     * grace reached by stream time), in the order of window and key. A window is published from the store
     * before the record that closes it is added, and the next window to publish is kept in a changelogged store
     * beside the sums: both commit with the dashboard records they cause, so a restart neither repeats nor skips
     * one. This is what a windowed reduce followed by {@code suppress(untilWindowCloses)} does, without the
     * suppression buffer, which logged a second copy of every update of every room (0.95 changelog records per
     * reading in the IoT benchmark) to publish what the window store already holds.
     *
     * <p>Partials later than the grace are dropped and counted ({@code late-room-partials-total}). A room's
     * partials come from every task of the readings, interleaved as they arrive: when those tasks drift
     * apart by more than the grace (a backlog caught up faster than it was made), a slower task's partials
     * are late here although its readings were not.
     */
    private static final class RoomStatistics implements Processor<String, Stats, String, DashboardUpdate> {

        private static final String NEXT = "next";
        private final long size = WINDOW.toMillis();
        private final long grace;
        private ProcessorContext<String, DashboardUpdate> context;
        private TimestampedWindowStore<String, Stats> windows;
        private KeyValueStore<String, Long> published;
        /** The start of the oldest window not published yet; {@code Long.MIN_VALUE} until the first partial. */
        private long next;
        /**
         * The newest partial's time: this processor's stream time. After a restart, the least it can have
         * been, {@code next} plus the grace (the window before {@code next} was published, so stream time had
         * reached its close): every window from {@code next} on was open, every one before it is published,
         * so partials are taken or left out, and windows published, as they would have been without the restart.
         */
        private long streamTime;
        private Sensor late;

        RoomStatistics(Duration grace) {
            this.grace = grace.toMillis();
        }

        @Override
        public void init(ProcessorContext<String, DashboardUpdate> context) {
            this.context = context;
            this.windows = context.getStateStore(ROOM_STATS_STORE);
            this.published = context.getStateStore(ROOM_STATS_PUBLISHED_STORE);
            Long stored = published.get(NEXT);
            this.next = stored == null ? Long.MIN_VALUE : stored;
            this.streamTime = stored == null ? Long.MIN_VALUE : stored + grace;
            this.late = context.metrics().addRateTotalSensor(LATE_SCOPE, context.taskId().toString(), LATE_PARTIALS,
                    Sensor.RecordingLevel.INFO);
        }

        @Override
        public void close() {
            context.metrics().removeSensor(late);
        }

        @Override
        public void process(Record<String, Stats> record) {
            streamTime = Math.max(streamTime, record.timestamp());
            long closedThrough = streamTime - size - grace; // a window starting at or before it has closed
            if (next == Long.MIN_VALUE) {
                next = windowStart(closedThrough) + size; // the oldest window open at the first partial
                published.put(NEXT, next);
            }
            if (next <= closedThrough) {
                for (; next <= closedThrough; next += size) {
                    publish(next);
                }
                published.put(NEXT, next);
            }
            long start = windowStart(record.timestamp());
            if (start <= closedThrough) {
                late.record(); // later than the grace: its window is published
                return;
            }
            ValueAndTimestamp<Stats> sum = windows.fetch(record.key(), start);
            windows.put(record.key(), sum == null ? ValueAndTimestamp.make(record.value(), record.timestamp())
                    : ValueAndTimestamp.make(sum.value().plus(record.value()), Math.max(sum.timestamp(), record.timestamp())), start);
        }

        private void publish(long start) {
            Instant at = Instant.ofEpochMilli(start);
            try (KeyValueIterator<Windowed<String>, ValueAndTimestamp<Stats>> sums = windows.fetchAll(at, at)) {
                while (sums.hasNext()) {
                    KeyValue<Windowed<String>, ValueAndTimestamp<Stats>> sum = sums.next();
                    context.forward(new Record<>(PANEL, dashboard(sum.key, sum.value.value()), sum.value.timestamp()));
                }
            }
        }

        private long windowStart(long epochMillis) {
            return epochMillis - Math.floorMod(epochMillis, size);
        }
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
