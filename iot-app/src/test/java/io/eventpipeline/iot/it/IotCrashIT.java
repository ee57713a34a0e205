package io.eventpipeline.iot.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eventpipeline.core.event.DashboardUpdate;
import io.eventpipeline.core.reactive.EventSink;
import io.eventpipeline.core.reactive.ReactiveKafka;
import io.eventpipeline.core.reactive.SinkOptions;
import io.eventpipeline.core.topic.Topic;
import io.eventpipeline.iot.IotApp;
import io.eventpipeline.iot.IotTopics;
import io.eventpipeline.iot.event.Reading;
import io.eventpipeline.iot.event.SensorType;
import io.eventpipeline.localkafka.AppProcess;
import io.eventpipeline.localkafka.LocalKafkaBroker;
import io.eventpipeline.localkafka.TopicProbe;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exactly-once through crashes: the app, in its own JVM, is killed with SIGKILL mid-replay, while a device
 * is silent but not yet offline, and right after it was declared offline; each time it restarts on the same
 * state. The room statistics equal those computed from the input, and the silent device gets exactly one
 * offline and one back-online alert. Runs on its own broker, so that no other test's readings mix in.
 */
class IotCrashIT {

    private static final int DEVICES = 40;
    private static final int ROUNDS = 250;
    private static final Duration STEP = Duration.ofSeconds(2);
    private static final Duration OFFLINE_AFTER = Duration.ofSeconds(20);
    private static final String GROUP = "pipeline-iot";
    private static final String SILENT = "dev-0";

    @Test
    void shouldKeepStatisticsExactAndOfflineAlertsSingleAcrossSigkills(@TempDir Path dir) throws Exception {
        try (LocalKafkaBroker broker = LocalKafkaBroker.start()) {
            Instant t0 = Instant.now().minus(Duration.ofHours(2)).truncatedTo(ChronoUnit.HOURS);
            Map<String, Object> client = Map.of("bootstrap.servers", broker.bootstrapServers());
            TopicProbe probe = new TopicProbe(broker, Duration.ofSeconds(120));
            int port = AppProcess.freePort();
            Map<String, String> env = new HashMap<>(Map.of(
                    "PIPELINE_BOOTSTRAP_SERVERS", broker.bootstrapServers(),
                    "PIPELINE_STATE_DIR", dir.resolve("state").toString(),
                    "PIPELINE_HTTP_HOST", "127.0.0.1", "PIPELINE_ADVERTISED_HOST", "127.0.0.1",
                    "PIPELINE_HTTP_PORT", Integer.toString(port),
                    "PIPELINE_IOT_OFFLINE_AFTER", OFFLINE_AFTER.toSeconds() + "s",
                    "PIPELINE_IOT_OFFLINE_CHECK_INTERVAL", "500ms",
                    "PIPELINE_IOT_ARCHIVE_DIR", "none"));
            // HVAC commands are confirmed, quietly: every delivery acknowledged, an hour for the rooms to respond.
            env.putAll(Map.of("PIPELINE_IOT_DEVICE_LOST_ACK_SHARE", "0", "PIPELINE_IOT_DEVICE_UNREACHABLE_SHARE", "0",
                    "PIPELINE_IOT_HVAC_VERIFY_WITHIN", "1h"));
            // A restart gets the partitions once the killed member times out: after 10 s, not the default 45 s.
            env.put("PIPELINE_KAFKA_SESSION_TIMEOUT_MS", "10000");

            // Forty devices in ten rooms, 250 rounds two seconds apart: about eight minutes of readings.
            List<Reading> fleet = new ArrayList<>();
            for (int d = 0; d < DEVICES; d++) {
                SensorType type = d % 2 == 0 ? SensorType.TEMPERATURE : SensorType.HUMIDITY;
                fleet.add(new Reading("dev-" + d, "hq", "r" + d / 4, type, type == SensorType.TEMPERATURE ? 21.0 : 45.0,
                        type.canonicalUnit(), t0));
            }
            SplittableRandom random = new SplittableRandom(5);
            List<Reading> replay = new ArrayList<>();
            for (int round = 0; round < ROUNDS; round++) {
                for (Reading d : fleet) {
                    replay.add(new Reading(d.deviceId(), d.siteId(), d.room(), d.sensorType(),
                            Math.round((d.value() + random.nextDouble(-0.2, 0.2)) * 1000.0) / 1000.0, d.unit(),
                            t0.plus(STEP.multipliedBy(round))));
                }
            }

            try (EventSink<String, byte[]> sink = ReactiveKafka.sink(client, Topic.raw(IotTopics.READINGS.name()),
                    SinkOptions.named("iot-crash-it"))) {
                IotTraffic.Heartbeats heartbeats = new IotTraffic.Heartbeats(sink, fleet, t0.plus(Duration.ofMinutes(12)));

                // 1. Killed while working through the replay.
                AppProcess first = startApp(env, dir.resolve("first.log"), port);
                IotTraffic.send(sink, replay.stream().map(IotTraffic::raw).toList());
                probe.awaitCommitted(GROUP, IotTopics.READINGS.name(), replay.size() / 4);
                first.kill();
                assertTrue(probe.committed(GROUP, IotTopics.READINGS.name()) < replay.size(), "killed before the replay was all processed");

                // 2. Restarted: it finishes the replay; a round a few minutes on sends every task's buffered
                //    partial statistics; then all devices but one report live, far enough on to close the
                //    replay's windows. Killed again while the silent device is not yet offline.
                AppProcess second = startApp(env, dir.resolve("second.log"), port);
                heartbeats.round(Set.of());
                probe.awaitConsumed(GROUP, IotTopics.READINGS.name());
                probe.awaitConsumed(GROUP, GROUP + "-iot-group-partial-room-stats-repartition");
                heartbeats.jumpTo(t0.plus(Duration.ofMinutes(30)));
                ScheduledExecutorService beating = Executors.newSingleThreadScheduledExecutor();
                beating.scheduleAtFixedRate(() -> heartbeats.round(Set.of(SILENT)), 0, 500, TimeUnit.MILLISECONDS);
                AppProcess last = null;
                try {
                    // A quarter of the offline limit (ten rounds) of silence, then SIGKILL.
                    probe.awaitCommitted(GROUP, IotTopics.READINGS.name(),
                            probe.committed(GROUP, IotTopics.READINGS.name()) + 10L * (DEVICES - 1));
                    second.kill();
                    assertEquals(List.of(), IotTraffic.alertLog(probe.readAll(IotTopics.ALERTS.name())), "nothing offline yet");

                    // 3. The offline alert is not lost: the third instance raises it. Killed right after.
                    AppProcess third = startApp(env, dir.resolve("third.log"), port);
                    probe.readUntil(IotTopics.ALERTS.name(), seen -> IotTraffic.alertLog(seen).contains("DEVICE_OFFLINE " + SILENT),
                            SILENT + " offline");
                    third.kill();

                    // 4. Nor doubled: the fourth instance runs past the offline limit without a second one,
                    //    and raises one back-online alert when the device reports again.
                    last = startApp(env, dir.resolve("fourth.log"), port);
                    // Rounds come every 0.5 s: wait until the fourth instance has run well past its first offline check.
                    long ready = heartbeats.rounds();
                    long pastCheck = ready + 2 * (OFFLINE_AFTER.toSeconds() + 5);
                    await("heartbeat rounds past the offline check").atMost(Duration.ofSeconds(120))
                            .pollInterval(Duration.ofMillis(100)).until(() -> heartbeats.rounds() >= pastCheck);
                    probe.awaitConsumed(GROUP, IotTopics.READINGS.name());
                    heartbeats.round(Set.of());
                    probe.readUntil(IotTopics.ALERTS.name(), seen -> IotTraffic.alertLog(seen).contains("DEVICE_ONLINE " + SILENT),
                            SILENT + " back online");
                } finally {
                    beating.shutdownNow();
                    beating.awaitTermination(10, TimeUnit.SECONDS);
                }
                try {
                    probe.awaitConsumed(GROUP, IotTopics.READINGS.name());
                    assertEquals(List.of("DEVICE_OFFLINE " + SILENT, "DEVICE_ONLINE " + SILENT),
                            IotTraffic.alertLog(probe.readAll(IotTopics.ALERTS.name())));

                    // Every replayed room-minute, exactly.
                    Map<String, double[]> expected = IotTraffic.roomMinutes(replay);
                    Instant replayEnd = t0.plus(STEP.multipliedBy(ROUNDS));
                    var dashboard = probe.readUntil(IotTopics.DASHBOARD.name(),
                            seen -> IotTraffic.publishedRoomMinutes(seen, replayEnd).keySet().containsAll(expected.keySet()),
                            "room statistics of the replay");
                    Map<String, DashboardUpdate> published = IotTraffic.publishedRoomMinutes(dashboard, replayEnd);
                    assertEquals(expected.keySet(), published.keySet(), "one update per room, type and minute");
                    IotTraffic.assertRoomMinutes(expected, published);
                } finally {
                    assertTrue(last.stop(Duration.ofSeconds(60)), "the app stops within 60 s of SIGTERM");
                }
            }
        }
    }

    private static AppProcess startApp(Map<String, String> env, Path log, int port) throws Exception {
        return AppProcess.start(IotApp.class, env, port, log, "512m", Duration.ofSeconds(120));
    }

}
