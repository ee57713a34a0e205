package io.eventpipeline.iot.topology;

import io.eventpipeline.core.config.ConfigSource;
import io.eventpipeline.core.event.Alert;
import io.eventpipeline.core.event.DashboardUpdate;
import io.eventpipeline.iot.IotConfig;
import io.eventpipeline.iot.IotTopics;
import io.eventpipeline.iot.event.DeviceProfile;
import io.eventpipeline.iot.event.HvacCommand;
import io.eventpipeline.iot.event.Reading;
import io.eventpipeline.iot.event.SensorType;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

/** The IoT topology under TopologyTestDriver, with the record cache off so every update is visible. */
final class IotDriver implements AutoCloseable {

    /** Event time of the tests: a time safely in the past, so readings pass the not-in-the-future rule. */
    static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");
    /** Wall-clock time at which the driver starts. */
    static final Instant WALL = Instant.parse("2026-11-20T12:00:00Z");
    /** How far the wall clock moves with each reading sent (the offline tests count on it). */
    static final Duration STEP = Duration.ofSeconds(1);

    final TopologyTestDriver driver;
    final TestInputTopic<String, Reading> readings;
    final TestInputTopic<String, DeviceProfile> devices;
    final TestOutputTopic<String, Alert> alerts;
    final TestOutputTopic<String, DashboardUpdate> dashboard;
    final TestOutputTopic<String, HvacCommand> hvac;

    IotDriver() {
        this(Map.of());
    }

    /** With settings such as {@code stuck.readings=3} over the defaults. */
    IotDriver(Map<String, String> settings) {
        Map<String, String> env = new HashMap<>();
        // One partition, as TopologyTestDriver has: no other task's watermark to wait for.
        env.put(ConfigSource.envName("partitions"), "1");
        settings.forEach((key, value) -> env.put(ConfigSource.envName(key), value));
        IotConfig config = IotConfig.from(ConfigSource.of(env, Map.of()));
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "iot-test");
        props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0);
        driver = new TopologyTestDriver(IotTopology.build(new StreamsBuilder(), config), props, WALL);
        readings = driver.createInputTopic(IotTopics.READINGS.name(), IotTopics.READINGS.keySerde().serializer(),
                IotTopics.READINGS.valueSerde().serializer());
        devices = driver.createInputTopic(IotTopics.DEVICES.name(), IotTopics.DEVICES.keySerde().serializer(),
                IotTopics.DEVICES.valueSerde().serializer());
        alerts = driver.createOutputTopic(IotTopics.ALERTS.name(), IotTopics.ALERTS.keySerde().deserializer(),
                IotTopics.ALERTS.valueSerde().deserializer());
        dashboard = driver.createOutputTopic(IotTopics.DASHBOARD.name(), IotTopics.DASHBOARD.keySerde().deserializer(),
                IotTopics.DASHBOARD.valueSerde().deserializer());
        hvac = driver.createOutputTopic(IotTopics.HVAC_COMMANDS.name(), IotTopics.HVAC_COMMANDS.keySerde().deserializer(),
                IotTopics.HVAC_COMMANDS.valueSerde().deserializer());
    }

    /** A temperature reading in °C of {@code device} in room {@code hq:r1}. */
    void temperature(String device, double celsius, Instant at) {
        send(new Reading(device, "hq", "r1", SensorType.TEMPERATURE, celsius, "C", at));
    }

    void send(Reading reading) {
        // The record timestamp differs from the reading's on purpose: windows must use event time.
        readings.pipeInput(new TestRecord<>(reading.deviceId(), reading, Instant.parse("2030-01-01T00:00:00Z")));
        driver.advanceWallClockTime(STEP);
    }

    void register(DeviceProfile profile) {
        devices.pipeInput(profile.deviceId(), profile);
    }

    /** The alerts sent so far whose type starts with {@code typePrefix}, in order (all are read). */
    List<Alert> alerts(String typePrefix) {
        return alerts.readValuesToList().stream().filter(a -> a.type().startsWith(typePrefix)).toList();
    }

    /** Those alerts as type and key: {@code THRESHOLD_HIGH t1}. */
    List<String> alertLog(String typePrefix) {
        return alerts(typePrefix).stream().map(a -> a.type() + " " + a.key()).toList();
    }

    @Override
    public void close() {
        driver.close();
    }
}
