package io.eventpipeline.iot.topology;

import io.eventpipeline.core.serde.StateSerde;
import io.eventpipeline.core.streams.Watermarks;
import io.eventpipeline.iot.IotConfig;
import io.eventpipeline.iot.IotTopics;
import io.eventpipeline.iot.event.HvacCommand;
import io.eventpipeline.iot.event.HvacMode;
import io.eventpipeline.iot.event.Reading;
import io.eventpipeline.iot.event.SensorType;
import io.eventpipeline.iot.topology.RoomClimate.DeviceTemperature;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * Climate control per room. The room's temperature is the average of its devices' newest temperatures,
 * each within {@code climate.window} (in event time) of the room's newest, or of the reading tasks'
 * watermark if that is older: a room's devices are read by several tasks, which drift apart when a backlog is
 * caught up, and a device of a task that has fallen behind is not stale, only not read yet. The watermark is
 * the least of the live reading tasks' ({@link Watermarks}: stamped on each temperature, a task idle after
 * {@code partition.idle.after}); until every task has been heard from (at most 10 s after a start) no device
 * drops out. With setpoint {@code s} and
 * deadband {@code d}: below {@code s - d} the room heats, above {@code s + d} it cools; heating stops once
 * the room reaches {@code s}, cooling once it comes down to {@code s}; in between the mode holds. A command
 * goes to {@code iot.hvac-commands} only when the mode changes (a new room starts OFF).
 *
 * <p>Readings are taken in event-time order per device: one not newer than the device's newest changes nothing.
 *
 * <p>In: enriched readings (key deviceId), temperatures only, re-keyed by room. Out: {@code iot.hvac-commands}
 * (key roomId, value {@link HvacCommand}). Stores: {@value #ROOMS_STORE} (key roomId, value {@link RoomClimate}),
 * {@value #SENDERS_STORE} (the reading tasks' watermarks, saved every 10 s of wall clock, for a restart).
 */
public final class ClimateControlTopology {

    public static final String ROOMS_STORE = "iot-rooms";
    public static final String SENDERS_STORE = "iot-rooms-senders";
    private static final String SENDER = "sender-";
    private static final Duration SAVE_EVERY = Duration.ofSeconds(10);

    private ClimateControlTopology() {
    }

    public static void build(StreamsBuilder builder, KStream<String, EnrichedReading> readings, IotConfig config) {
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(ROOMS_STORE), Serdes.String(),
                StateSerde.of(RoomClimate.class)));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(SENDERS_STORE), Serdes.String(),
                Serdes.Long()));
        readings
                .filter((device, e) -> e.reading().sensorType() == SensorType.TEMPERATURE, Named.as("iot-filter-temperatures"))
                // Each temperature carries its reading task's watermark (the newest temperature time it has taken).
                .processValues(Watermarks.stamping(), Named.as("iot-stamp-temperatures"))
                .map((device, e) -> KeyValue.pair(e.reading().roomId(), roomTemperature(e)), Named.as("iot-key-temperatures-by-room"))
                .repartition(Repartitioned.<String, RoomTemperature>as("iot-temperatures-by-room")
                        .withKeySerde(Serdes.String()).withValueSerde(StateSerde.of(RoomTemperature.class)))
                .process(() -> new Controller(config.climateWindow(), config.partitions(), config.partitionIdleAfter()),
                        Named.as("iot-control-climate"), ROOMS_STORE, SENDERS_STORE)
                .to(IotTopics.HVAC_COMMANDS.name(), IotTopics.HVAC_COMMANDS.producedAs("iot-sink-hvac-commands"));
    }

    private static RoomTemperature roomTemperature(EnrichedReading e) {
        Reading r = e.reading();
        return new RoomTemperature(r.deviceId(), r.value(), r.timestamp(), e.setpoint(), e.deadband());
    }

    /** The mode a room should be in, coming from {@code current}. */
    static HvacMode next(HvacMode current, double temperature, double setpoint, double deadband) {
        if (temperature < setpoint - deadband) {
            return HvacMode.HEAT;
        }
        if (temperature > setpoint + deadband) {
            return HvacMode.COOL;
        }
        if (current == HvacMode.HEAT && temperature >= setpoint || current == HvacMode.COOL && temperature <= setpoint) {
            return HvacMode.OFF;
        }
        return current;
    }

    static final class Controller implements Processor<String, RoomTemperature, String, HvacCommand> {

        private final Duration window;
        private final int senders;
        private final Duration idleAfter;
        private ProcessorContext<String, HvacCommand> context;
        private KeyValueStore<String, RoomClimate> rooms;
        private Watermarks watermarks;

        Controller(Duration window, int senders, Duration idleAfter) {
            this.window = window;
            this.senders = senders;
            this.idleAfter = idleAfter;
        }

        @Override
        public void init(ProcessorContext<String, HvacCommand> context) {
            this.context = context;
            this.rooms = context.getStateStore(ROOMS_STORE);
            this.watermarks = Watermarks.open(context.getStateStore(SENDERS_STORE), SENDER, senders, idleAfter,
                    context.currentSystemTimeMs());
            // Saved now and then, not per temperature: a restart that finds them older only keeps a device longer.
            context.schedule(SAVE_EVERY, PunctuationType.WALL_CLOCK_TIME, now -> watermarks.save());
        }

        @Override
        public void process(Record<String, RoomTemperature> record) {
            String roomId = record.key();
            RoomTemperature t = record.value();
            RoomClimate room = rooms.get(roomId);
            Map<String, DeviceTemperature> devices = room == null ? new HashMap<>() : new HashMap<>(room.devices());
            DeviceTemperature known = devices.get(t.deviceId());
            if (known != null && !t.at().isAfter(known.at())) {
                return;
            }
            devices.put(t.deviceId(), new DeviceTemperature(t.celsius(), t.at()));
            Instant newest = room == null || t.at().isAfter(room.updated()) ? t.at() : room.updated();
            long now = context.currentSystemTimeMs();
            watermarks.observe(record.headers(), now);
            long watermark = watermarks.current(now);
            if (watermark != Long.MIN_VALUE) {
                Instant current = Instant.ofEpochMilli(Math.min(newest.toEpochMilli(), watermark));
                devices.values().removeIf(d -> d.at().isBefore(current.minus(window)));
            }
            double average = devices.values().stream().mapToDouble(DeviceTemperature::celsius).average().orElse(t.celsius());
            HvacMode current = room == null ? HvacMode.OFF : room.mode();
            HvacMode mode = next(current, average, t.setpoint(), t.deadband());
            rooms.put(roomId, new RoomClimate(roomId, devices, average, t.setpoint(), t.deadband(), mode, newest));
            if (mode != current) {
                double rounded = Math.round(average * 1000.0) / 1000.0;
                // The command keeps the reading's trace, not its watermark.
                context.forward(record.withValue(new HvacCommand(roomId + "@" + t.at() + "#" + mode, roomId, mode,
                        t.setpoint(), rounded, t.at())).withHeaders(Watermarks.unstamped(record.headers())));
            }
        }
    }
}
