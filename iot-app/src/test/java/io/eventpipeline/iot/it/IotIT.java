package io.eventpipeline.iot.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.eventpipeline.core.app.PipelineApp;
import io.eventpipeline.core.config.ConfigSource;
import io.eventpipeline.core.config.PipelineConfig;
import io.eventpipeline.core.errors.DeadLetterHeaders;
import io.eventpipeline.core.event.DashboardUpdate;
import io.eventpipeline.core.reactive.EventSink;
import io.eventpipeline.core.reactive.Outbound;
import io.eventpipeline.core.reactive.ReactiveKafka;
import io.eventpipeline.core.reactive.SinkOptions;
import io.eventpipeline.core.serde.Json;
import io.eventpipeline.core.topic.Topic;
import io.eventpipeline.iot.IotApp;
import io.eventpipeline.iot.IotTopics;
import io.eventpipeline.iot.event.DeviceProfile;
import io.eventpipeline.iot.event.HvacCommand;
import io.eventpipeline.iot.event.HvacMode;
import io.eventpipeline.iot.event.Reading;
import io.eventpipeline.iot.event.SensorType;
import io.eventpipeline.iot.event.Thresholds;
import io.eventpipeline.localkafka.LocalKafkaBroker;
import io.eventpipeline.localkafka.LocalKafkaExtension;
import io.eventpipeline.localkafka.TopicProbe;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The IoT app on a real broker: readings with one injected fault of each kind raise exactly the expected
 * alerts and no others, bad records are dead letters, the room statistics equal those computed from the
 * input, climate control reacts, and the queries answer.
 */
@ExtendWith(LocalKafkaExtension.class)
class IotIT {

    /** Event time steps 2 s per round of readings; 300 rounds span ten minutes. */
    private static final Duration STEP = Duration.ofSeconds(2);
    private static final int ROUNDS = 300;
    private static final Duration OFFLINE_AFTER = Duration.ofSeconds(15);

    private static TopicProbe probe(LocalKafkaBroker broker) {
        return new TopicProbe(broker, Duration.ofSeconds(120));
    }

    @Test
    void shouldRaiseExactlyTheAlertsOfTheInjectedFaults(LocalKafkaBroker broker, @TempDir Path dir) throws Exception {
        Instant t0 = Instant.now().minus(Duration.ofHours(2)).truncatedTo(ChronoUnit.HOURS);
        Map<String, Object> client = Map.of("bootstrap.servers", broker.bootstrapServers());
        PipelineConfig config = PipelineConfig.load(IotTopics.APP, 0, ConfigSource.of(Map.ofEntries(
                Map.entry("PIPELINE_BOOTSTRAP_SERVERS", broker.bootstrapServers()),
                Map.entry("PIPELINE_STATE_DIR", dir.resolve("state").toString()),
                Map.entry("PIPELINE_HTTP_HOST", "127.0.0.1"),
                Map.entry("PIPELINE_ADVERTISED_HOST", "127.0.0.1"),
                Map.entry("PIPELINE_IOT_OFFLINE_AFTER", OFFLINE_AFTER.toSeconds() + "s"),
                Map.entry("PIPELINE_IOT_OFFLINE_CHECK_INTERVAL", "500ms"),
                Map.entry("PIPELINE_IOT_ARCHIVE_DIR", "none"),
                // Every HVAC command is delivered at once; the rooms get an hour to respond, longer than the test.
                Map.entry("PIPELINE_IOT_DEVICE_LOST_ACK_SHARE", "0"),
                Map.entry("PIPELINE_IOT_DEVICE_UNREACHABLE_SHARE", "0"),
                Map.entry("PIPELINE_IOT_HVAC_VERIFY_WITHIN", "1h")), Map.of()));
        TopicProbe probe = probe(broker);

        try (PipelineApp app = PipelineApp.start(new IotApp(), config);
             EventSink<String, byte[]> sink = ReactiveKafka.sink(client, Topic.raw(IotTopics.READINGS.name()), SinkOptions.named("iot-it"));
             EventSink<String, DeviceProfile> registry = ReactiveKafka.sink(client, IotTopics.DEVICES, SinkOptions.named("iot-it-registry"))) {
            app.awaitReady(Duration.ofSeconds(90));
            IotTraffic.send(registry, List.of(
                    Outbound.of("dev-t1", new DeviceProfile("dev-t1", "hq", "r1", SensorType.TEMPERATURE, new Thresholds(16.0, 28.0, 0.5), null, null)),
                    Outbound.of("dev-t2", new DeviceProfile("dev-t2", "hq", "r1", SensorType.TEMPERATURE, null, null, null)),
                    Outbound.of("dev-h1", new DeviceProfile("dev-h1", "hq", "r1", SensorType.HUMIDITY, null, null, null)),
                    Outbound.of("dev-t3", new DeviceProfile("dev-t3", "hq", "r2", SensorType.TEMPERATURE, null, null, null)),
                    Outbound.of("dev-c1", new DeviceProfile("dev-c1", "hq", "r2", SensorType.CO2, null, null, null))));

            // Ten minutes of readings with one fault of each kind, plus duplicates, stale and malformed records.
            Replay replay = new Replay(t0);
            IotTraffic.send(sink, replay.records);
            // Then a round a few minutes on: every task sends its buffered partial statistics before it.
            IotTraffic.Heartbeats heartbeats = new IotTraffic.Heartbeats(sink, List.of(
                    new Reading("dev-t1", "hq", "r1", SensorType.TEMPERATURE, 21.0, "C", t0),
                    new Reading("dev-t2", "hq", "r1", SensorType.TEMPERATURE, 70.0, "F", t0),
                    new Reading("dev-h1", "hq", "r1", SensorType.HUMIDITY, 45.0, "%", t0),
                    new Reading("dev-t3", "hq", "r2", SensorType.TEMPERATURE, 20.8, "C", t0),
                    new Reading("dev-c1", "hq", "r2", SensorType.CO2, 600.0, "ppm", t0)), t0.plus(Duration.ofMinutes(12)));
            heartbeats.round(Set.of());
            probe.awaitConsumed(config.applicationId(), IotTopics.READINGS.name());
            probe.awaitConsumed(config.applicationId(), config.applicationId() + "-iot-group-partial-room-stats-repartition");

            // From now on every device but dev-c1 keeps reporting, far enough on to close the replay's windows.
            heartbeats.jumpTo(t0.plus(Duration.ofMinutes(30)));
            ScheduledExecutorService beating = Executors.newSingleThreadScheduledExecutor();
            beating.scheduleAtFixedRate(() -> heartbeats.round(Set.of("dev-c1")), 0, 500, TimeUnit.MILLISECONDS);
            try {
                probe.readUntil(IotTopics.ALERTS.name(), seen -> IotTraffic.alertLog(seen).contains("DEVICE_OFFLINE dev-c1"), "dev-c1 offline");

                // Queries, while dev-c1 is offline.
                int port = app.httpPort();
                JsonNode active = Json.mapper().readTree(get(port, "/alerts/active").body());
                assertEquals(List.of("DEVICE_OFFLINE dev-c1"), texts(active.get("alerts")), active.toString());
                JsonNode c1 = Json.mapper().readTree(get(port, "/devices/dev-c1").body());
                assertEquals(false, c1.get("online").asBoolean());
                JsonNode t2 = Json.mapper().readTree(get(port, "/devices/dev-t2").body());
                assertEquals("C", t2.get("latest").get("unit").asText(), "Fahrenheit is normalized");
                assertEquals("NORMAL", t2.get("band").asText());
                assertNotNull(t2.get("window").get("mean"));
                JsonNode room = Json.mapper().readTree(get(port, "/rooms/hq:r2").body());
                assertEquals("hq:r2", room.get("roomId").asText());
                assertEquals(404, get(port, "/devices/nobody").statusCode());
                assertEquals(400, get(port, "/rooms/no-site").statusCode());

                heartbeats.round(Set.of()); // dev-c1 is back
                probe.readUntil(IotTopics.ALERTS.name(), seen -> IotTraffic.alertLog(seen).contains("DEVICE_ONLINE dev-c1"), "dev-c1 online");
            } finally {
                beating.shutdownNow();
                beating.awaitTermination(10, TimeUnit.SECONDS);
            }
            probe.awaitConsumed(config.applicationId(), IotTopics.READINGS.name());

            // Exactly the injected faults' alerts, in order per device.
            List<String> alerts = IotTraffic.alertLog(probe.readAll(IotTopics.ALERTS.name()));
            assertEquals(List.of("SPIKE dev-t1"), only(alerts, "dev-t1"));
            assertEquals(List.of(), only(alerts, "dev-t2"));
            assertEquals(List.of("STUCK_SENSOR dev-h1", "STUCK_SENSOR_CLEARED dev-h1"), only(alerts, "dev-h1"));
            assertEquals(List.of("THRESHOLD_HIGH dev-t3", "THRESHOLD_CLEARED dev-t3"), only(alerts, "dev-t3"));
            assertEquals(List.of("DEVICE_OFFLINE dev-c1", "DEVICE_ONLINE dev-c1"), only(alerts, "dev-c1"));
            assertEquals(7, alerts.size(), alerts.toString());

            // Every HVAC command started one confirmation flow, acknowledged by the room's unit.
            List<HvacCommand> commands = new ArrayList<>();
            for (ConsumerRecord<byte[], byte[]> record : probe.readAll(IotTopics.HVAC_COMMANDS.name())) {
                commands.add(IotTopics.HVAC_COMMANDS.valueSerde().deserializer().deserialize("", record.value()));
            }
            assertFalse(commands.isEmpty(), "dev-t3's high reading made room hq:r2 cool");
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            List<String> unacknowledged;
            JsonNode flows;
            do {
                flows = Json.mapper().readTree(get(app.httpPort(), "/flows?limit=1000").body());
                Map<String, JsonNode> byId = new HashMap<>();
                flows.get("flows").forEach(flow -> byId.put(flow.get("flowId").asText(), flow));
                unacknowledged = commands.stream().map(HvacCommand::commandId)
                        .filter(id -> byId.get(id) == null || !byId.get(id).get("completed").toString().contains("\"deliver\""))
                        .toList();
            } while (!unacknowledged.isEmpty() && System.nanoTime() < deadline);
            assertEquals(List.of(), unacknowledged, "commands without an acknowledged confirmation flow: " + flows);

            // Every bad record is a dead letter with its coordinates.
            List<ConsumerRecord<byte[], byte[]>> dead = probe.readUntil(IotTopics.DEAD_LETTERS,
                    seen -> seen.size() >= replay.malformed, "dead letters");
            assertEquals(replay.malformed, dead.size());
            for (ConsumerRecord<byte[], byte[]> d : dead) {
                assertEquals(IotTopics.READINGS.name(), DeadLetterHeaders.get(d.headers(), DeadLetterHeaders.TOPIC));
                assertNotNull(DeadLetterHeaders.get(d.headers(), DeadLetterHeaders.OFFSET));
            }

            // Room statistics of every replayed minute equal those computed from the input.
            Map<String, double[]> expected = IotTraffic.roomMinutes(replay.good);
            List<ConsumerRecord<byte[], byte[]>> dashboard = probe.readUntil(IotTopics.DASHBOARD.name(),
                    seen -> IotTraffic.publishedRoomMinutes(seen, t0.plus(Duration.ofMinutes(10))).keySet().containsAll(expected.keySet()),
                    "room statistics of ten minutes");
            Map<String, DashboardUpdate> published = IotTraffic.publishedRoomMinutes(dashboard, t0.plus(Duration.ofMinutes(10)));
            IotTraffic.assertRoomMinutes(expected, published);

            // Climate control: the drifting room cooled, then stopped.
            List<HvacMode> r2 = probe.readAll(IotTopics.HVAC_COMMANDS.name()).stream()
                    .map(r -> IotTopics.HVAC_COMMANDS.valueSerde().deserializer().deserialize("t", r.value()))
                    .filter(c -> c.roomId().equals("hq:r2")).map(HvacCommand::mode).toList();
            assertEquals(List.of(HvacMode.COOL, HvacMode.OFF), r2);
        }
    }

    /** The replayed readings: five devices, one round every {@link #STEP}, and their faults. */
    private static final class Replay {

        final List<Outbound<String, byte[]>> records = new ArrayList<>();
        final List<Reading> good = new ArrayList<>();
        int malformed;

        Replay(Instant t0) {
            SplittableRandom random = new SplittableRandom(42);
            for (int round = 0; round < ROUNDS; round++) {
                Instant at = t0.plus(STEP.multipliedBy(round));
                // dev-t1: one spike of +6 °C (28 °C within its band up to 28) at round 100.
                add(new Reading("dev-t1", "hq", "r1", SensorType.TEMPERATURE, 21.0 + noise(random, 0.05) + (round == 100 ? 6.0 : 0), "C", at));
                // dev-t2: clean, in Fahrenheit.
                add(new Reading("dev-t2", "hq", "r1", SensorType.TEMPERATURE, 70.0 + noise(random, 0.05), "F", at));
                // dev-h1: stuck at 44.4 % for rounds 50..61 (twelve readings in a row).
                add(new Reading("dev-h1", "hq", "r1", SensorType.HUMIDITY, round >= 50 && round <= 61 ? 44.4 : 45.0 + noise(random, 0.3), "%", at));
                // dev-t3: drifts up 0.15 °C per round from round 150 to 33 °C, then back down.
                int drift = round < 150 ? 0 : round < 230 ? round - 150 : Math.max(0, 310 - round);
                add(new Reading("dev-t3", "hq", "r2", SensorType.TEMPERATURE, 20.8 + noise(random, 0.05) + drift * 0.15, "C", at));
                add(new Reading("dev-c1", "hq", "r2", SensorType.CO2, 600.0 + noise(random, 5), "ppm", at));
                if (round % 37 == 5) {
                    // A duplicate: alerting ignores it (not newer than its device's newest); statistics count it.
                    records.add(records.get(records.size() - 1));
                    good.add(good.get(good.size() - 1));
                }
                if (round % 53 == 7) {
                    // A stale reading: older than the newest of its device, with a value that would alert.
                    records.add(IotTraffic.raw(new Reading("dev-t3", "hq", "r2", SensorType.TEMPERATURE, 35.0, "C", at.minusSeconds(1))));
                    good.add(new Reading("dev-t3", "hq", "r2", SensorType.TEMPERATURE, 35.0, "C", at.minusSeconds(1)));
                }
                if (round % 61 == 3) {
                    records.add(Outbound.of("dev-x", "{\"deviceId\":\"dev-x\",\"sensorType\":\"TEMPERATURE\"".getBytes(StandardCharsets.UTF_8)));
                    records.add(IotTraffic.raw(new Reading("dev-t1", "hq", "r1", SensorType.HUMIDITY, 40.0, "C", at))); // unit does not fit
                    malformed += 2;
                }
            }
        }

        private void add(Reading reading) {
            records.add(IotTraffic.raw(reading));
            good.add(reading);
        }

        private static double noise(SplittableRandom random, double amplitude) {
            return Math.round(random.nextDouble(-amplitude, amplitude) * 1000.0) / 1000.0;
        }
    }

    private static List<String> only(List<String> alerts, String device) {
        return alerts.stream().filter(a -> a.endsWith(" " + device)).toList();
    }

    private static List<String> texts(JsonNode alerts) {
        List<String> texts = new ArrayList<>();
        alerts.forEach(a -> texts.add(a.get("type").asText() + " " + a.get("key").asText()));
        return texts;
    }

    private static HttpResponse<String> get(int port, String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
