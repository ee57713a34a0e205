package io.eventpipeline.iot.hvac;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eventpipeline.core.config.ConfigSource;
import io.eventpipeline.core.event.Alert;
import io.eventpipeline.core.event.Severity;
import io.eventpipeline.core.flow.FlowCommand;
import io.eventpipeline.core.flow.FlowOutcome;
import io.eventpipeline.core.flow.FlowStatus;
import io.eventpipeline.core.flow.FlowStep;
import io.eventpipeline.iot.IotConfig;
import io.eventpipeline.iot.IotTopics;
import io.eventpipeline.iot.event.HvacCommand;
import io.eventpipeline.iot.event.HvacMode;
import io.eventpipeline.iot.event.Reading;
import io.eventpipeline.iot.event.SensorType;
import io.eventpipeline.iot.topology.IotTopology;
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
import org.junit.jupiter.api.Test;

/** HVAC command confirmation under TopologyTestDriver, in the whole IoT topology (setpoint 21 °C, deadband 1). */
class HvacConfirmationTest {

    private static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");
    private static final Instant WALL = Instant.parse("2026-11-20T12:00:00Z");

    @Test
    void shouldConfirmAHeatCommandOnceTheRoomWarms() {
        try (Hvac hvac = new Hvac(Map.of("hvac.verify.within", "1m", "device.lost.ack.share", "0", "device.unreachable.share", "0"))) {
            hvac.temperature(19.0, T0);
            HvacCommand heat = hvac.commands.readValue();
            assertEquals(HvacMode.HEAT, heat.mode());
            FlowCommand delivery = hvac.deliveries.readValue();
            assertEquals(heat.commandId(), delivery.flowId());
            assertEquals(heat.commandId() + ":deliver:ACTION:1", delivery.idempotencyKey());
            assertTrue(hvac.outcomes.isEmpty(), "waiting for the room to warm");

            hvac.temperature(19.1, T0.plusSeconds(10));
            hvac.run(Duration.ofSeconds(2));
            assertTrue(hvac.outcomes.isEmpty(), "0.1 °C is not yet the 0.2 °C asked for");
            hvac.temperature(19.3, T0.plusSeconds(20));
            hvac.run(Duration.ofSeconds(2));
            FlowOutcome outcome = hvac.outcomes.readValue();
            assertEquals(FlowStatus.COMPLETED, outcome.status());
            assertEquals("CONFIRMED", outcome.data().get("result"));
            assertEquals(19.0, ((Number) outcome.data().get("baseline")).doubleValue(), 1e-9);
            assertEquals(19.3, ((Number) outcome.data().get("reached")).doubleValue(), 1e-9);
            assertTrue(hvac.alerts.isEmpty() && hvac.outcomes.isEmpty() && hvac.deliveries.isEmpty());
        }
    }

    @Test
    void shouldDeliverAgainThreeTimesThenEscalateWithACriticalAlert() {
        try (Hvac hvac = new Hvac(Map.of("device.unreachable.share", "1"))) {
            hvac.temperature(23.0, T0);
            HvacCommand cool = hvac.commands.readValue();
            hvac.run(Duration.ofSeconds(30));
            List<FlowCommand> deliveries = hvac.deliveries.readValuesToList();
            assertEquals(List.of(1, 2, 3, 4), deliveries.stream().map(FlowCommand::attempt).toList(), "the first and three retries");
            deliveries.forEach(d -> assertEquals(FlowStep.Kind.ACTION, d.kind()));
            FlowOutcome outcome = hvac.outcomes.readValue();
            assertEquals(FlowStatus.FAILED, outcome.status());
            assertEquals(HvacFlow.DELIVER, outcome.failedStep());
            Alert alert = hvac.alerts.readValue();
            assertEquals(HvacConfirmationTopology.UNACKNOWLEDGED, alert.type());
            assertEquals(Severity.CRITICAL, alert.severity());
            assertEquals("hq:r1", alert.key());
            assertEquals("iot-HVAC_UNACKNOWLEDGED-" + cool.commandId(), alert.alertId());
            assertTrue(hvac.alerts.isEmpty() && hvac.outcomes.isEmpty());
        }
    }

    @Test
    void shouldWarnOnceWhenTheRoomDoesNotMoveInTime() {
        try (Hvac hvac = new Hvac(Map.of("hvac.verify.within", "1m", "device.lost.ack.share", "0", "device.unreachable.share", "0"))) {
            hvac.temperature(19.0, T0);
            hvac.temperature(18.9, T0.plusSeconds(30)); // colder still: heating has no effect
            hvac.run(Duration.ofSeconds(50));
            assertTrue(hvac.outcomes.isEmpty(), "a minute to move");
            hvac.run(Duration.ofSeconds(15));
            FlowOutcome outcome = hvac.outcomes.readValue();
            assertEquals(FlowStatus.FAILED, outcome.status());
            assertEquals(HvacFlow.VERIFY, outcome.failedStep());
            Alert alert = hvac.alerts.readValue();
            assertEquals(HvacConfirmationTopology.NO_EFFECT, alert.type());
            assertEquals(Severity.WARNING, alert.severity());
            assertEquals(1, hvac.deliveries.readValuesToList().size(), "acknowledged at once");
            assertTrue(hvac.alerts.isEmpty() && hvac.outcomes.isEmpty());
        }
    }

    @Test
    void shouldEndASupersededCommandAndAnOffCommandWithoutWaiting() {
        try (Hvac hvac = new Hvac(Map.of("device.lost.ack.share", "0", "device.unreachable.share", "0"))) {
            hvac.temperature(19.0, T0);
            hvac.temperature(21.0, T0.plusSeconds(30)); // reached the setpoint: OFF
            assertEquals(List.of(HvacMode.HEAT, HvacMode.OFF), hvac.commands.readValuesToList().stream().map(HvacCommand::mode).toList());
            List<FlowOutcome> outcomes = hvac.outcomes.readValuesToList();
            assertEquals(List.of(FlowStatus.COMPLETED, FlowStatus.COMPLETED), outcomes.stream().map(FlowOutcome::status).toList());
            assertEquals(List.of("SUPERSEDED", "NOTHING_TO_VERIFY"), outcomes.stream().map(o -> o.data().get("result")).toList());
            assertTrue(hvac.alerts.isEmpty());
        }
    }

    @Test
    void shouldLoseAcknowledgementsPerAttemptButEveryOneOfAnUnreachableRoom() {
        HvacConfig lossy = HvacConfig.from(ConfigSource.of(Map.of("PIPELINE_DEVICE_LOST_ACK_SHARE", "0.5",
                "PIPELINE_DEVICE_UNREACHABLE_SHARE", "0"), Map.of()));
        int lost = 0;
        for (int attempt = 1; attempt <= 200; attempt++) {
            FlowCommand delivery = new FlowCommand("c1", HvacFlow.NAME, HvacFlow.DELIVER, FlowStep.Kind.ACTION, attempt,
                    "c1:deliver:ACTION:" + attempt, IotTopics.HVAC_REPLIES.name(), Map.of(), WALL);
            if (HvacConfirmationTopology.acknowledge("hq:r1", delivery, lossy).isEmpty()) {
                lost++;
            }
            assertEquals(HvacConfirmationTopology.acknowledge("hq:r1", delivery, lossy),
                    HvacConfirmationTopology.acknowledge("hq:r1", delivery, lossy), "the same delivery, the same answer");
        }
        assertTrue(lost > 60 && lost < 140, "about half lost: " + lost);
        HvacConfig unreachable = HvacConfig.from(ConfigSource.of(Map.of("PIPELINE_DEVICE_LOST_ACK_SHARE", "0",
                "PIPELINE_DEVICE_UNREACHABLE_SHARE", "1"), Map.of()));
        FlowCommand delivery = new FlowCommand("c1", HvacFlow.NAME, HvacFlow.DELIVER, FlowStep.Kind.ACTION, 1,
                "c1:deliver:ACTION:1", IotTopics.HVAC_REPLIES.name(), Map.of(), WALL);
        assertTrue(HvacConfirmationTopology.acknowledge("hq:r1", delivery, unreachable).isEmpty());
        assertFalse(HvacConfirmationTopology.acknowledge("hq:r1", delivery, lossy.withLostAckShare(0)).isEmpty());
    }

    /** The IoT topology with the HVAC flow's topics at hand. */
    private static final class Hvac implements AutoCloseable {

        final TopologyTestDriver driver;
        final TestInputTopic<String, Reading> readings;
        final TestOutputTopic<String, HvacCommand> commands;
        final TestOutputTopic<String, FlowCommand> deliveries;
        final TestOutputTopic<String, FlowOutcome> outcomes;
        final TestOutputTopic<String, Alert> alerts;

        Hvac(Map<String, String> settings) {
            Map<String, String> env = new HashMap<>();
            settings.forEach((key, value) -> env.put(ConfigSource.envName(key), value));
            IotConfig config = IotConfig.from(ConfigSource.of(env, Map.of()));
            Properties props = new Properties();
            props.put(StreamsConfig.APPLICATION_ID_CONFIG, "iot-hvac-test");
            props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0);
            driver = new TopologyTestDriver(IotTopology.build(new StreamsBuilder(), config), props, WALL);
            readings = driver.createInputTopic(IotTopics.READINGS.name(), IotTopics.READINGS.keySerde().serializer(),
                    IotTopics.READINGS.valueSerde().serializer());
            commands = driver.createOutputTopic(IotTopics.HVAC_COMMANDS.name(), IotTopics.HVAC_COMMANDS.keySerde().deserializer(),
                    IotTopics.HVAC_COMMANDS.valueSerde().deserializer());
            deliveries = driver.createOutputTopic(IotTopics.DEVICE_COMMANDS.name(), IotTopics.DEVICE_COMMANDS.keySerde().deserializer(),
                    IotTopics.DEVICE_COMMANDS.valueSerde().deserializer());
            outcomes = driver.createOutputTopic(IotTopics.HVAC_OUTCOMES.name(), IotTopics.HVAC_OUTCOMES.keySerde().deserializer(),
                    IotTopics.HVAC_OUTCOMES.valueSerde().deserializer());
            alerts = driver.createOutputTopic(IotTopics.ALERTS.name(), IotTopics.ALERTS.keySerde().deserializer(),
                    IotTopics.ALERTS.valueSerde().deserializer());
        }

        /** A reading of the room's one thermometer; wall-clock time does not move. */
        void temperature(double celsius, Instant at) {
            readings.pipeInput("t1", new Reading("t1", "hq", "r1", SensorType.TEMPERATURE, celsius, "C", at));
        }

        /** Lets wall-clock time pass in 100 ms steps, so each punctuation sees the replies of the one before. */
        void run(Duration total) {
            for (long ms = 0; ms < total.toMillis(); ms += 100) {
                driver.advanceWallClockTime(Duration.ofMillis(100));
            }
        }

        @Override
        public void close() {
            driver.close();
        }
    }
}
