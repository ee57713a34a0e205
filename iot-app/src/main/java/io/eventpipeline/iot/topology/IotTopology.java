package io.eventpipeline.iot.topology;

import io.eventpipeline.core.streams.StreamsSettings;
import io.eventpipeline.iot.IotConfig;
import io.eventpipeline.iot.IotTopics;
import io.eventpipeline.iot.hvac.HvacConfirmationTopology;
import io.eventpipeline.iot.event.DeviceProfile;
import io.eventpipeline.iot.event.Reading;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Joined;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.KTable;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The IoT app's whole topology: readings from {@code iot.readings} (on event time, normalized to canonical
 * units) and the device registry {@code iot.devices} as a table, feeding each independent processor; each
 * HVAC command is then confirmed by a flow on the coordinator. Each
 * processor is its own class; this one only connects them.
 *
 * <p>The registry is read with timestamp 0, so Kafka Streams, which takes a task's records in timestamp
 * order, applies a registry change before any reading waiting beside it: a new threshold applies from the
 * next reading processed, whatever the readings' event times. {@code iot.devices} needs as many partitions
 * as {@code iot.readings} (the join is per partition); the app creates both that way.
 */
public final class IotTopology {

    public static final String DEVICES_STORE = "iot-devices";

    private IotTopology() {
    }

    public static Topology build(StreamsBuilder builder, IotConfig config) {
        KStream<String, Reading> readings = builder
                .stream(IotTopics.READINGS.name(), IotTopics.READINGS.consumedOnEventTime("iot-source-readings"))
                .mapValues(Reading::normalized, Named.as("iot-normalize-readings"));
        KTable<String, DeviceProfile> devices = builder.table(IotTopics.DEVICES.name(),
                IotTopics.DEVICES.consumedAs("iot-source-devices").withTimestampExtractor((record, partitionTime) -> 0L),
                Materialized.<String, DeviceProfile, KeyValueStore<Bytes, byte[]>>as(DEVICES_STORE)
                        .withKeySerde(Serdes.String()).withValueSerde(IotTopics.DEVICES.valueSerde()));
        KStream<String, EnrichedReading> enriched = readings.leftJoin(devices,
                (reading, profile) -> EnrichedReading.of(reading, profile, config),
                Joined.<String, Reading, DeviceProfile>with(Serdes.String(), IotTopics.READINGS.valueSerde(),
                        IotTopics.DEVICES.valueSerde()).withName("iot-enrich-readings"));
        builder.addStateStore(ActiveAlerts.storeBuilder());

        DeviceStatsTopology.build(builder, readings, config);
        ThresholdAlertTopology.build(builder, enriched);
        AnomalyTopology.build(builder, readings, config);
        OfflineDetectionTopology.build(builder, readings, config);
        ClimateControlTopology.build(builder, enriched, config);
        HvacConfirmationTopology.build(builder, config);
        return builder.build(StreamsSettings.topology());
    }
}
