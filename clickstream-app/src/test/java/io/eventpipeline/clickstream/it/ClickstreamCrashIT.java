package io.eventpipeline.clickstream.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eventpipeline.clickstream.ClickstreamApp;
import io.eventpipeline.clickstream.ClickstreamTopics;
import io.eventpipeline.clickstream.generator.ClickstreamGenerator;
import io.eventpipeline.core.archive.ArchiveLine;
import io.eventpipeline.core.archive.ArchiveReader;
import io.eventpipeline.core.generator.EventGenerator;
import io.eventpipeline.core.generator.GeneratorSpec;
import io.eventpipeline.core.generator.SteppingClock;
import io.eventpipeline.core.reactive.EventSink;
import io.eventpipeline.core.reactive.Outbound;
import io.eventpipeline.core.reactive.ReactiveKafka;
import io.eventpipeline.core.reactive.SinkOptions;
import io.eventpipeline.localkafka.AppProcess;
import io.eventpipeline.localkafka.LocalKafkaBroker;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

/**
 * Exactly-once through a crash: the app, in its own JVM, is killed with SIGKILL mid-stream and restarted
 * on the same state and archive; the windowed results and the sessions equal those computed from the input, and the
 * archive holds every input record once. Runs on its own broker, so that no other test's events mix in.
 */
class ClickstreamCrashIT {

    private static final int EVENTS = 20_000;
    private static final Duration STEP = Duration.ofMillis(6); // 20,000 events span two minutes of event time

    @Test
    void shouldKeepWindowedCountsAndTheArchiveExactAcrossASigkill(@TempDir Path dir) throws Exception {
        try (LocalKafkaBroker broker = LocalKafkaBroker.start()) {
            Instant t0 = Instant.now().minus(Duration.ofHours(2)).truncatedTo(ChronoUnit.HOURS);
            Map<String, Object> client = Map.of("bootstrap.servers", broker.bootstrapServers());
            int port = AppProcess.freePort();
            Map<String, String> env = Map.of(
                    "PIPELINE_BOOTSTRAP_SERVERS", broker.bootstrapServers(),
                    "PIPELINE_STATE_DIR", dir.resolve("state").toString(),
                    "PIPELINE_HTTP_HOST", "127.0.0.1", "PIPELINE_ADVERTISED_HOST", "127.0.0.1",
                    "PIPELINE_HTTP_PORT", Integer.toString(port),
                    "PIPELINE_CLICKSTREAM_SESSION_GAP", "10s",
                    "PIPELINE_CLICKSTREAM_ARCHIVE_DIR", dir.resolve("archive").toString(),
                    // A restart gets the partitions once the killed member times out: after 10 s, not the default 45 s.
                    "PIPELINE_KAFKA_SESSION_TIMEOUT_MS", "10000");

            Expected expected = new Expected();
            var factory = new ClickstreamGenerator().factory(Map.of("out-of-order", "0", "malformed", "0.005",
                    "users", "1000", "idle-seconds", "30"));
            List<Outbound<String, byte[]>> records = new EventGenerator<>(GeneratorSpec.of("crash", 0).withCount(EVENTS),
                    factory, new SteppingClock(t0, STEP), Schedulers.parallel()).events().collectList().block();
            records.forEach(expected::add);

            int tailEvents = 0;
            AppProcess first = startApp(env, dir.resolve("first.log"), port);
            try (EventSink<String, byte[]> sink = ReactiveKafka.sink(client, new ClickstreamGenerator().topic(),
                    SinkOptions.named("crash-it"))) {
                assertEquals(0, sink.send(Flux.fromIterable(records)).filter(r -> !r.ok()).count().block());
                // Kill it while it is working through the input.
                Topics.awaitCommitted(broker, "pipeline-clickstream", EVENTS / 4);
                first.kill(); // SIGKILL: no shutdown hook, no flush, no commit
                assertTrue(Topics.committed(broker, "pipeline-clickstream") < records.size(), "killed before the input was all processed");

                AppProcess second = startApp(env, dir.resolve("second.log"), port);
                try {
                    tailEvents = Outputs.closeWindows(broker, "pipeline-clickstream", sink, t0.plus(Duration.ofMinutes(3)),
                            t0.plus(Duration.ofMinutes(30)));

                    Outputs.assertMinutesExact(broker, expected, List.of(t0, t0.plusSeconds(60)));
                    // Every session closed by the tail, each published once, as computed from the input.
                    List<String> sessions = expected.sessions(Duration.ofSeconds(10));
                    List<String> published = Outputs.sessions(Topics.readUntil(broker, ClickstreamTopics.SESSIONS.name(),
                            seen -> Outputs.sessions(seen).size() >= sessions.size(), sessions.size() + " sessions"));
                    assertEquals(sessions, published);
                    Topics.awaitConsumed(broker, "pipeline-clickstream-archive", ClickstreamTopics.EVENTS.name());
                } finally {
                    // SIGTERM: a clean stop completes the archive files.
                    assertTrue(second.stop(Duration.ofSeconds(60)), "the app stops within 60 s of SIGTERM");
                }
            }

            List<ArchiveLine> archived = ArchiveReader.read(dir.resolve("archive")).collectList().block();
            Set<String> identities = new HashSet<>();
            archived.forEach(line -> assertTrue(identities.add(line.partition() + "/" + line.offset()), "archived twice: " + line));
            assertEquals(records.size() + tailEvents, archived.size(), "every input record archived once");
        }
    }

    private static AppProcess startApp(Map<String, String> env, Path log, int port) throws Exception {
        return AppProcess.start(ClickstreamApp.class, env, port, log, "768m", Duration.ofSeconds(120));
    }

}
