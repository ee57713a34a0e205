package io.eventpipeline.iot.topology;

import io.eventpipeline.core.event.Alert;
import io.eventpipeline.core.event.Severity;
import io.eventpipeline.core.serde.StateSerde;
import io.eventpipeline.iot.IotTopics;
import io.eventpipeline.iot.event.Reading;
import io.eventpipeline.iot.event.Thresholds;
import io.eventpipeline.iot.topology.ThresholdState.Band;
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
 * Threshold alerts with hysteresis. A device whose value goes above its band's {@code high} (strictly) raises
 * {@value IotAlerts#THRESHOLD_HIGH}; below {@code low}, {@value IotAlerts#THRESHOLD_LOW}; both WARNING. The
 * alert clears, with one {@value IotAlerts#THRESHOLD_CLEARED} (INFO), when a value comes back to
 * {@code high - hysteresis} or below (or {@code low + hysteresis} or above). Values between the limit and the
 * hysteresis line change nothing, so a value hovering at the limit raises one alert, not one per reading.
 * A jump from one side to the other clears the first alert and raises the second.
 *
 * <p>Readings are taken in event-time order per device: a reading not newer than the newest one seen
 * (a duplicate, or out of order) changes no state. The band comes with each reading from the device registry
 * ({@code iot.devices}) or the type's default, so a changed threshold applies from the next reading.
 *
 * <p>In: enriched readings (key deviceId). Out: {@code iot.alerts} (key deviceId). Stores:
 * {@value #STATE_STORE} (key deviceId, value {@link ThresholdState}), {@value ActiveAlerts#STORE}.
 */
public final class ThresholdAlertTopology {

    public static final String STATE_STORE = "iot-threshold-state";
    static final String CONDITION = "THRESHOLD";

    private ThresholdAlertTopology() {
    }

    public static void build(StreamsBuilder builder, KStream<String, EnrichedReading> readings) {
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STATE_STORE), Serdes.String(),
                StateSerde.of(ThresholdState.class)));
        readings
                .process(Detector::new, Named.as("iot-detect-threshold-crossings"), STATE_STORE, ActiveAlerts.STORE)
                .to(IotTopics.ALERTS.name(), IotTopics.ALERTS.producedAs("iot-sink-threshold-alerts"));
    }

    /** Where {@code value} stands, coming from {@code current}: the hysteresis rule. */
    static Band next(Band current, double value, Thresholds band) {
        boolean aboveHigh = band.high() != null && value > band.high();
        boolean belowLow = band.low() != null && value < band.low();
        return switch (current) {
            case NORMAL -> aboveHigh ? Band.HIGH : belowLow ? Band.LOW : Band.NORMAL;
            case HIGH -> belowLow ? Band.LOW
                    : band.high() == null || value <= band.high() - band.hysteresis() ? Band.NORMAL : Band.HIGH;
            case LOW -> aboveHigh ? Band.HIGH
                    : band.low() == null || value >= band.low() + band.hysteresis() ? Band.NORMAL : Band.LOW;
        };
    }

    private static final class Detector implements Processor<String, EnrichedReading, String, Alert> {

        private ProcessorContext<String, Alert> context;
        private KeyValueStore<String, ThresholdState> states;
        private KeyValueStore<String, Alert> active;

        @Override
        public void init(ProcessorContext<String, Alert> context) {
            this.context = context;
            this.states = context.getStateStore(STATE_STORE);
            this.active = context.getStateStore(ActiveAlerts.STORE);
        }

        @Override
        public void process(Record<String, EnrichedReading> record) {
            Reading reading = record.value().reading();
            String device = record.key();
            ThresholdState state = states.get(device);
            if (state != null && !reading.timestamp().isAfter(state.latest())) {
                return;
            }
            Band current = state == null ? Band.NORMAL : state.band();
            Band next = next(current, reading.value(), record.value().thresholds());
            if (next == current) {
                states.put(device, new ThresholdState(current, state == null ? reading.timestamp() : state.since(),
                        reading.timestamp()));
                return;
            }
            String activeKey = ActiveAlerts.key(device, CONDITION);
            if (current != Band.NORMAL) {
                Alert cleared = alert(IotAlerts.THRESHOLD_CLEARED, Severity.INFO, record.value(),
                        "back inside its band after " + current.name().toLowerCase(Locale.ROOT));
                active.delete(activeKey);
                context.forward(record.withKey(device).withValue(cleared));
            }
            if (next != Band.NORMAL) {
                Alert raised = alert(next == Band.HIGH ? IotAlerts.THRESHOLD_HIGH : IotAlerts.THRESHOLD_LOW, Severity.WARNING,
                        record.value(), next == Band.HIGH ? "above its high limit" : "below its low limit");
                active.put(activeKey, raised);
                context.forward(record.withKey(device).withValue(raised));
            }
            states.put(device, new ThresholdState(next, reading.timestamp(), reading.timestamp()));
        }

        private static Alert alert(String type, Severity severity, EnrichedReading enriched, String what) {
            Reading r = enriched.reading();
            Thresholds band = enriched.thresholds();
            Map<String, Object> details = IotAlerts.details(r);
            if (band.low() != null) {
                details.put("low", band.low());
            }
            if (band.high() != null) {
                details.put("high", band.high());
            }
            details.put("hysteresis", band.hysteresis());
            String message = String.format(Locale.ROOT, "%s %s %s: %s %s", r.sensorType().name().toLowerCase(Locale.ROOT),
                    r.deviceId(), what, r.value(), r.unit());
            return IotAlerts.alert(type, severity, r.deviceId(), r.timestamp(), message, details);
        }
    }
}
