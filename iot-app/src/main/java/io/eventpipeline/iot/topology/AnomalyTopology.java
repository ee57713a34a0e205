package io.eventpipeline.iot.topology;

import io.eventpipeline.core.event.Alert;
import io.eventpipeline.core.event.Severity;
import io.eventpipeline.core.serde.StateSerde;
import io.eventpipeline.iot.IotConfig;
import io.eventpipeline.iot.IotTopics;
import io.eventpipeline.iot.event.Reading;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * Sensor anomalies, one alert per episode:
 * <ul>
 *   <li><b>Stuck sensor</b>: {@code stuck.readings} readings in a row with exactly the same value raise
 *       {@value IotAlerts#STUCK_SENSOR} (WARNING); the first different value clears it with
 *       {@value IotAlerts#STUCK_SENSOR_CLEARED} (INFO).</li>
 *   <li><b>Spike</b>: a change faster than the type's {@code spike.<type>.per.second} from the previous
 *       reading raises {@value IotAlerts#SPIKE} (WARNING); the changes that follow it (the way back down, say)
 *       belong to the same episode until a change at a believable rate ends it.</li>
 * </ul>
 * Readings are taken in event-time order per device: one not newer than the newest seen (a duplicate, or
 * out of order) changes no state.
 *
 * <p>In: normalized readings (key deviceId). Out: {@code iot.alerts} (key deviceId). Stores:
 * {@value #STATE_STORE} (key deviceId, value {@link AnomalyState}), {@value ActiveAlerts#STORE}.
 */
public final class AnomalyTopology {

    public static final String STATE_STORE = "iot-anomaly-state";
    static final String STUCK_CONDITION = "STUCK";

    private AnomalyTopology() {
    }

    public static void build(StreamsBuilder builder, KStream<String, Reading> readings, IotConfig config) {
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STATE_STORE), Serdes.String(),
                StateSerde.of(AnomalyState.class)));
        readings
                .process(() -> new Detector(config), Named.as("iot-detect-anomalies"), STATE_STORE, ActiveAlerts.STORE)
                .to(IotTopics.ALERTS.name(), IotTopics.ALERTS.producedAs("iot-sink-anomaly-alerts"));
    }

    private static final class Detector implements Processor<String, Reading, String, Alert> {

        private final IotConfig config;
        private ProcessorContext<String, Alert> context;
        private KeyValueStore<String, AnomalyState> states;
        private KeyValueStore<String, Alert> active;

        Detector(IotConfig config) {
            this.config = config;
        }

        @Override
        public void init(ProcessorContext<String, Alert> context) {
            this.context = context;
            this.states = context.getStateStore(STATE_STORE);
            this.active = context.getStateStore(ActiveAlerts.STORE);
        }

        @Override
        public void process(Record<String, Reading> record) {
            Reading reading = record.value();
            String device = record.key();
            AnomalyState last = states.get(device);
            if (last == null) {
                states.put(device, new AnomalyState(reading.value(), reading.timestamp(), 1, false, false));
                return;
            }
            if (!reading.timestamp().isAfter(last.latest())) {
                return;
            }
            boolean same = reading.value() == last.lastValue();
            long repeats = same ? last.repeats() + 1 : 1;
            boolean stuck = last.stuck();
            String stuckKey = ActiveAlerts.key(device, STUCK_CONDITION);
            if (!stuck && repeats >= config.stuckReadings()) {
                stuck = true;
                Alert alert = alert(IotAlerts.STUCK_SENSOR, Severity.WARNING, reading,
                        "has reported " + reading.value() + " " + reading.unit() + " " + repeats + " times in a row", repeats, null);
                active.put(stuckKey, alert);
                context.forward(record.withValue(alert));
            } else if (stuck && !same) {
                stuck = false;
                active.delete(stuckKey);
                context.forward(record.withValue(alert(IotAlerts.STUCK_SENSOR_CLEARED, Severity.INFO, reading,
                        "reports changing values again", null, null)));
            }

            double seconds = Math.max(Duration.between(last.latest(), reading.timestamp()).toMillis(), 1) / 1000.0;
            double rate = Math.abs(reading.value() - last.lastValue()) / seconds;
            boolean spike = rate > config.spikeRate(reading.sensorType());
            if (spike && !last.spiking()) {
                context.forward(record.withValue(alert(IotAlerts.SPIKE, Severity.WARNING, reading,
                        String.format(Locale.ROOT, "changed from %s to %s %s in %.1f s", last.lastValue(), reading.value(),
                                reading.unit(), seconds), null, rate)));
            }
            states.put(device, new AnomalyState(reading.value(), reading.timestamp(), repeats, stuck, spike));
        }

        private Alert alert(String type, Severity severity, Reading reading, String what, Long repeats, Double rate) {
            Map<String, Object> details = IotAlerts.details(reading);
            if (repeats != null) {
                details.put("repeats", repeats);
            }
            if (rate != null) {
                details.put("ratePerSecond", Math.round(rate * 1000.0) / 1000.0);
                details.put("limitPerSecond", config.spikeRate(reading.sensorType()));
            }
            String message = reading.sensorType().name().toLowerCase(Locale.ROOT) + " " + reading.deviceId() + " " + what;
            return IotAlerts.alert(type, severity, reading.deviceId(), reading.timestamp(), message, details);
        }
    }
}
