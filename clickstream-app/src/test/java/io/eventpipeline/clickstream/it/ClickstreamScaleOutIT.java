package io.eventpipeline.clickstream.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.eventpipeline.clickstream.ClickstreamApp;
import io.eventpipeline.clickstream.ClickstreamTopics;
import io.eventpipeline.clickstream.generator.ClickstreamGenerator;
import io.eventpipeline.core.generator.EventGenerator;
import io.eventpipeline.core.generator.GeneratorSpec;
import io.eventpipeline.core.generator.SteppingClock;
import io.eventpipeline.core.reactive.EventSink;
import io.eventpipeline.core.reactive.Outbound;
import io.eventpipeline.core.reactive.ReactiveKafka;
import io.eventpipeline.core.reactive.SinkOptions;
import io.eventpipeline.core.serde.Json;
import io.eventpipeline.localkafka.AppProcess;
import io.eventpipeline.localkafka.LocalKafkaBroker;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

/**
 * Scale-out without containers: two instances of the clickstream app, each in its own JVM with its own state
 * directory and HTTP port, share the input's partitions and answer each other's queries; one is killed with
 * SIGKILL mid-stream. The survivor takes over every partition, keeps answering queries, and the windowed
 * results over the whole run are exact: nothing lost, nothing counted twice. Runs on its own broker.
 */
class ClickstreamScaleOutIT {

    private static final int EVENTS = 20_000;
    private static final Duration STEP = Duration.ofMillis(6); // two minutes of event time
    private static final String GROUP = "pipeline-clickstream";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void shouldLetTheSurvivorTakeOverEveryPartitionWithExactWindowsWhenOneOfTwoInstancesIsKilled(@TempDir Path dir)
            throws Exception {
        try (LocalKafkaBroker broker = LocalKafkaBroker.start()) {
            Instant t0 = Instant.now().minus(Duration.ofHours(2)).truncatedTo(ChronoUnit.HOURS);
            Map<String, Object> client = Map.of("bootstrap.servers", broker.bootstrapServers());
            int portA = AppProcess.freePort();
            int portB = AppProcess.freePort();
            AppProcess a = startApp(env(broker, dir.resolve("a"), portA), dir.resolve("a.log"), portA);
            AppProcess b = startApp(env(broker, dir.resolve("b"), portB), dir.resolve("b.log"), portB);
            try {
                Set<Integer> all = allPartitions(broker);
                // The two share the input: each owns some partitions, none owns one the other does.
                awaitOwned("the two instances to split the input", () -> {
                    Set<Integer> ownedA = owned(portA);
                    Set<Integer> ownedB = owned(portB);
                    Set<Integer> union = new TreeSet<>(ownedA);
                    union.addAll(ownedB);
                    return !ownedA.isEmpty() && !ownedB.isEmpty() && ownedA.size() + ownedB.size() == all.size()
                            && union.equals(all);
                });

                Expected expected = new Expected();
                var factory = new ClickstreamGenerator().factory(Map.of("out-of-order", "0", "malformed", "0.005",
                        "users", "1000", "idle-seconds", "30"));
                List<Outbound<String, byte[]>> records = new EventGenerator<>(GeneratorSpec.of("scale", 0).withCount(EVENTS),
                        factory, new SteppingClock(t0, STEP), Schedulers.parallel()).events().collectList().block();
                records.forEach(expected::add);

                try (EventSink<String, byte[]> sink = ReactiveKafka.sink(client, new ClickstreamGenerator().topic(),
                        SinkOptions.named("scale-it"))) {
                    assertEquals(0, sink.send(Flux.fromIterable(records)).filter(r -> !r.ok()).count().block());
                    Topics.awaitCommitted(broker, GROUP, EVENTS / 4);
                    // Either instance answers any key: a user whose partition the other owns is routed there.
                    // (Both are busy with the backlog: a forwarded query may wait, so the check is retried.)
                    String user = records.get(0).key();
                    String[] answers = new String[2];
                    awaitOwned("both instances to answer for " + user, () -> {
                        HttpResponse<String> viaA = get(portA, "/users/" + user + "/session");
                        HttpResponse<String> viaB = get(portB, "/users/" + user + "/session");
                        answers[0] = viaA.body();
                        answers[1] = viaB.body();
                        return viaA.statusCode() == 200 && viaB.statusCode() == 200;
                    });
                    assertEquals(Json.mapper().readTree(answers[0]).get("session").get("userId"),
                            Json.mapper().readTree(answers[1]).get("session").get("userId"), answers[0] + " / " + answers[1]);

                    Set<Integer> ownedByA = owned(portA);
                    a.kill(); // SIGKILL: no shutdown hook, no commit, no leaving the group
                    assertTrue(Topics.committed(broker, GROUP) < records.size(), "killed before the input was all processed");
                    awaitOwned("the survivor to own every partition", () -> owned(portB).equals(all));

                    // The survivor answers from the state it took over: sessions of users the killed one held
                    // (asked before the windows are closed below, which moves stream time past their retention).
                    List<String> usersOfA = records.stream().map(Outbound::key).distinct()
                            .filter(key -> key != null && !key.startsWith("garbage")
                                    && ownedByA.contains(partitionOf(key, all.size())))
                            .limit(5).toList();
                    assertEquals(5, usersOfA.size(), "users on the killed instance's partitions");
                    for (String key : usersOfA) {
                        // 503 while it restores the partition, 404 until it has processed the user's first event.
                        AtomicReference<HttpResponse<String>> session = new AtomicReference<>();
                        awaitOwned("the survivor to answer for " + key, () -> {
                            session.set(get(portB, "/users/" + key + "/session"));
                            return session.get().statusCode() == 200;
                        });
                        assertEquals(key, Json.mapper().readTree(session.get().body()).get("session").get("userId").asText(),
                                session.get().body());
                    }

                    Outputs.closeWindows(broker, GROUP, sink, t0.plus(Duration.ofMinutes(3)), t0.plus(Duration.ofMinutes(30)));
                    Outputs.assertMinutesExact(broker, expected, List.of(t0, t0.plusSeconds(60)));

                    HttpResponse<String> top = get(portB, "/pages/top?window=1m");
                    assertEquals(200, top.statusCode(), top.body());
                    assertEquals(404, get(portB, "/users/nobody-at-all/session").statusCode());
                }
            } finally {
                a.kill();
                assertTrue(b.stop(Duration.ofSeconds(60)), "the survivor stops within 60 s of SIGTERM");
            }
        }
    }

    private static Map<String, String> env(LocalKafkaBroker broker, Path dir, int port) {
        Map<String, String> env = new HashMap<>(Map.of(
                "PIPELINE_BOOTSTRAP_SERVERS", broker.bootstrapServers(),
                "PIPELINE_STATE_DIR", dir.resolve("state").toString(),
                "PIPELINE_HTTP_HOST", "127.0.0.1", "PIPELINE_ADVERTISED_HOST", "127.0.0.1",
                "PIPELINE_HTTP_PORT", Integer.toString(port),
                "PIPELINE_STREAM_THREADS", "1",
                // The survivor gets the partitions 10 s after the kill, not 45 s.
                "PIPELINE_KAFKA_SESSION_TIMEOUT_MS", "10000",
                "PIPELINE_CLICKSTREAM_SESSION_GAP", "10s"));
        env.put("PIPELINE_CLICKSTREAM_ARCHIVE_DIR", dir.resolve("archive").toString());
        return env;
    }

    private static AppProcess startApp(Map<String, String> env, Path log, int port) throws Exception {
        return AppProcess.start(ClickstreamApp.class, env, port, log, "768m", Duration.ofSeconds(120));
    }

    private static Set<Integer> allPartitions(LocalKafkaBroker broker) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            Set<Integer> all = new TreeSet<>();
            admin.describeTopics(List.of(ClickstreamTopics.EVENTS.name())).allTopicNames().get()
                    .get(ClickstreamTopics.EVENTS.name()).partitions().forEach(p -> all.add(p.partition()));
            return all;
        }
    }

    /** The input partitions the instance on {@code port} says it owns ({@code /health/ready}); none if it does not answer. */
    private static Set<Integer> owned(int port) {
        Set<Integer> owned = new TreeSet<>();
        try {
            JsonNode partitions = Json.mapper().readTree(get(port, "/health/ready").body()).get("partitions");
            JsonNode input = partitions == null ? null : partitions.get(ClickstreamTopics.EVENTS.name());
            if (input != null) {
                input.forEach(p -> owned.add(p.asInt()));
            }
        } catch (Exception e) {
            // not answering: owns nothing
        }
        return owned;
    }

    /** Waits up to 120 s for {@code check} to hold. */
    private static void awaitOwned(String what, Callable<Boolean> check) {
        Awaitility.await(what).atMost(Duration.ofSeconds(120)).pollInSameThread().pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(250)).until(check);
    }

    /** The partition the default partitioner gives {@code key}. */
    private static int partitionOf(String key, int partitions) {
        byte[] bytes = key.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return org.apache.kafka.common.utils.Utils.toPositive(org.apache.kafka.common.utils.Utils.murmur2(bytes)) % partitions;
    }



    private static HttpResponse<String> get(int port, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(30))
                .build(), HttpResponse.BodyHandlers.ofString());
    }
}
