package io.eventpipeline.iot.topology;

import io.eventpipeline.core.event.Alert;
import io.eventpipeline.core.event.Severity;
import io.eventpipeline.core.serde.StateSerde;
import io.eventpipeline.core.streams.TimeIndex;
import io.eventpipeline.iot.IotConfig;
import io.eventpipeline.iot.IotTopics;
import io.eventpipeline.iot.event.Reading;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * Offline detection. A device from which nothing has arrived for {@code offline.after} (wall clock) raises
 * {@value IotAlerts#DEVICE_OFFLINE} (WARNING), once; its next reading raises {@value IotAlerts#DEVICE_ONLINE}
 * (INFO). Every {@code offline.check.interval} a wall-clock punctuator looks at the devices due: each online
 * device has an entry in a time index, due {@code offline.after} after the arrival it was filed at, so a
 * check reads only the devices that may have fallen silent, not every device. A device heard from since is
 * filed again, due {@code offline.after} after its last arrival: an entry moves at most once per
 * {@code offline.after}, not on every reading. A check takes {@value #DEVICES_PER_SLICE} due devices at a
 * time, the rest {@link #SLICE_INTERVAL} apart, so that readings wait milliseconds, not the whole check.
 *
 * <p>Restart: when each device was last heard of, and whether it is offline, live in a changelogged store,
 * and the alert commits with the change of state (exactly-once), so no offline alert is lost or doubled.
 * The time index is derived from that store and rebuilt from it when the task starts (no changelog).
 * After a start, silence is counted from the start at the earliest: a device whose readings are still in
 * the backlog is not called offline before the backlog had {@code offline.after} to arrive.
 *
 * <p>In: normalized readings (key deviceId). Out: {@code iot.alerts} (key deviceId). Stores:
 * {@value #LIVENESS_STORE} (key deviceId, value {@link Liveness}: also the device's latest reading, for
 * queries), {@value #DUE_STORE} (key {@link TimeIndex#key} of the due time and the deviceId, value deviceId),
 * {@value ActiveAlerts#STORE}.
 */
public final class OfflineDetectionTopology {

    public static final String LIVENESS_STORE = "iot-device-liveness";
    public static final String DUE_STORE = "iot-device-silence-due";
    static final String CONDITION = "OFFLINE";
    /**
     * Due devices looked at per punctuation; more wait for the next one, {@link #SLICE_INTERVAL} later, so
     * that no single punctuation holds up the task's readings for long: up to 12,500 devices a second per
     * task. Many devices come due together after a start or a backlog (heard of within seconds of each other,
     * due {@code offline.after} later), and each due device is a read and two writes.
     */
    static final int DEVICES_PER_SLICE = 250;
    static final Duration SLICE_INTERVAL = Duration.ofMillis(20);

    private OfflineDetectionTopology() {
    }

    public static void build(StreamsBuilder builder, KStream<String, Reading> readings, IotConfig config) {
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(LIVENESS_STORE), Serdes.String(),
                StateSerde.of(Liveness.class)));
        // Derived from the liveness store, and rebuilt from it whenever the task starts: no changelog.
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(DUE_STORE), Serdes.String(),
                Serdes.String()).withLoggingDisabled());
        readings
                .process(() -> new Detector(config), Named.as("iot-detect-offline-devices"), LIVENESS_STORE, DUE_STORE,
                        ActiveAlerts.STORE)
                .to(IotTopics.ALERTS.name(), IotTopics.ALERTS.producedAs("iot-sink-offline-alerts"));
    }

    private static final class Detector implements Processor<String, Reading, String, Alert> {

        private final Duration offlineAfter;
        private final Duration checkInterval;
        private ProcessorContext<String, Alert> context;
        private KeyValueStore<String, Liveness> devices;
        private KeyValueStore<String, String> due;
        private KeyValueStore<String, Alert> active;
        private Instant started;
        /** Whether more devices were due than the last slice took. */
        private boolean moreDue;
        /** The due time up to which the index has been read (entries before it are gone). */
        private long checkedThrough;

        Detector(IotConfig config) {
            this.offlineAfter = config.offlineAfter();
            this.checkInterval = config.offlineCheckInterval();
        }

        @Override
        public void init(ProcessorContext<String, Alert> context) {
            this.context = context;
            this.devices = context.getStateStore(LIVENESS_STORE);
            this.due = context.getStateStore(DUE_STORE);
            this.active = context.getStateStore(ActiveAlerts.STORE);
            this.started = Instant.ofEpochMilli(context.currentSystemTimeMs());
            index();
            context.schedule(checkInterval, PunctuationType.WALL_CLOCK_TIME, now -> check(Instant.ofEpochMilli(now)));
            context.schedule(SLICE_INTERVAL, PunctuationType.WALL_CLOCK_TIME, now -> {
                if (moreDue) {
                    check(Instant.ofEpochMilli(now));
                }
            });
        }

        /**
         * Files every online device, due {@code offline.after} after its last arrival or this start, whichever
         * is later. Entries left from before are kept, not deleted: a deleted entry would leave a tombstone that
         * every range read of the index steps over until compaction, and a stale entry is harmless (it finds
         * its device offline already, or heard from since, and is dropped or moved onto the device's entry).
         */
        private void index() {
            try (KeyValueIterator<String, Liveness> all = devices.all()) {
                all.forEachRemaining(device -> {
                    if (!device.value.offline()) {
                        file(device.key, device.value.lastSeen());
                    }
                });
            }
        }

        @Override
        public void process(Record<String, Reading> record) {
            Instant now = Instant.ofEpochMilli(context.currentSystemTimeMs());
            Reading reading = record.value();
            Liveness known = devices.get(record.key());
            if (known != null && known.offline()) {
                active.delete(ActiveAlerts.key(record.key(), CONDITION));
                Map<String, Object> details = details(reading, known.lastSeen());
                details.put("silentSeconds", Duration.between(known.lastSeen(), now).toSeconds());
                context.forward(new Record<>(record.key(), IotAlerts.alert(IotAlerts.DEVICE_ONLINE, Severity.INFO, record.key(),
                        now, "device " + record.key() + " reports again", details), now.toEpochMilli()));
            }
            if (known == null || known.offline()) {
                file(record.key(), now); // an online device already has its entry, which moves when it comes due
            }
            Reading latest = known == null || reading.timestamp().isAfter(known.latest().timestamp()) ? reading : known.latest();
            devices.put(record.key(), new Liveness(latest, now, false));
        }

        private void check(Instant now) {
            List<KeyValue<String, String>> dueNow = new ArrayList<>();
            // From the last check on: the entries before it are deleted, and a read from the start of the index
            // would step over all their tombstones (with 100,000 devices coming due, each check read longer).
            try (KeyValueIterator<String, String> entries = due.range(TimeIndex.key(checkedThrough, ""),
                    TimeIndex.through(now.toEpochMilli()))) {
                while (dueNow.size() < DEVICES_PER_SLICE && entries.hasNext()) {
                    dueNow.add(entries.next());
                }
                moreDue = entries.hasNext();
            }
            // Entries are only ever filed due later than now, so nothing new appears before this point.
            checkedThrough = moreDue ? TimeIndex.time(dueNow.get(dueNow.size() - 1).key) : now.toEpochMilli();
            for (KeyValue<String, String> entry : dueNow) {
                due.delete(entry.key);
                String device = entry.value;
                Liveness known = devices.get(device);
                if (known == null || known.offline()) {
                    continue;
                }
                Instant silentUntil = silentUntil(known.lastSeen());
                if (silentUntil.isAfter(now)) {
                    due.put(TimeIndex.key(silentUntil.toEpochMilli(), device), device); // heard from since it was filed
                    continue;
                }
                Alert alert = IotAlerts.alert(IotAlerts.DEVICE_OFFLINE, Severity.WARNING, device, now,
                        "device " + device + " silent since " + known.lastSeen(), details(known.latest(), known.lastSeen()));
                devices.put(device, new Liveness(known.latest(), known.lastSeen(), true));
                active.put(ActiveAlerts.key(device, CONDITION), alert);
                context.forward(new Record<>(device, alert, now.toEpochMilli()));
            }
        }

        private void file(String device, Instant lastSeen) {
            due.put(TimeIndex.key(silentUntil(lastSeen).toEpochMilli(), device), device);
        }

        /** When a device last heard of at {@code lastSeen} counts as offline: silence counts from this task's start at the earliest. */
        private Instant silentUntil(Instant lastSeen) {
            return (lastSeen.isAfter(started) ? lastSeen : started).plus(offlineAfter);
        }

        private static Map<String, Object> details(Reading latest, Instant lastSeen) {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("sensorType", latest.sensorType().name());
            details.put("roomId", latest.roomId());
            details.put("lastSeen", lastSeen.toString());
            details.put("lastReadingAt", latest.timestamp().toString());
            return details;
        }
    }
}
