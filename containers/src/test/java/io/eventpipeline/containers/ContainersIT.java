package io.eventpipeline.containers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.eventpipeline.clickstream.ClickstreamTopics;
import io.eventpipeline.clickstream.event.ClickEvent;
import io.eventpipeline.clickstream.event.EventType;
import io.eventpipeline.core.event.DashboardUpdate;
import io.eventpipeline.core.serde.Json;
import io.eventpipeline.core.topic.GroupProgress;
import io.eventpipeline.localkafka.AppProcess;
import io.eventpipeline.localkafka.TopicProbe;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The pipeline as containers, with podman: the images built by {@code containers/local/build-images.sh}
 * (what the README tells users to run), the broker from the Kafka image, the three apps and their
 * generators from the app images, all on the host's network with ports picked free. Every app becomes
 * healthy (its image's health check too) and publishes alerts and dashboard updates; then a second
 * clickstream instance shares the work, the first is killed with {@code podman kill}, and the survivor
 * takes over every partition, keeps answering queries, and the one-minute funnels over the whole run equal
 * those computed from the input. The test removes its containers, and the images it built.
 */
class ContainersIT {

    private static final String VERSION = "0.1.0";
    private static final String KAFKA_IMAGE = "localhost/event-pipeline/kafka:4.3.1";
    private static final List<String> IMAGES = List.of("localhost/event-pipeline/debian:bookworm",
            "localhost/event-pipeline/jre:17", KAFKA_IMAGE, image("clickstream-app"), image("iot-app"),
            image("market-data-app"), image("pipeline-runner"));
    private static final String GROUP = "pipeline-clickstream";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static final String RUN = "ep-it-" + Long.toHexString(System.nanoTime() & 0xffffff);
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path LOGS = Path.of("target", "containers").toAbsolutePath();
    private static Podman podman;
    private static final List<String> imagesBefore = new ArrayList<>();
    private static final List<String> started = new ArrayList<>();

    @BeforeAll
    static void buildImages() {
        podman = Podman.require(ROOT, LOGS);
        for (String image : IMAGES) {
            if (podman.tryPodman(Duration.ofSeconds(30), "image", "exists", image).ok()) {
                imagesBefore.add(image);
            }
        }
        podman.run(Duration.ofMinutes(20), List.of("containers/local/build-images.sh"));
    }

    @AfterAll
    static void cleanUp() throws IOException {
        if (podman == null) {
            return;
        }
        Files.createDirectories(LOGS);
        for (String name : started) {
            Podman.Result logs = podman.tryPodman(Duration.ofSeconds(30), "logs", name);
            Files.writeString(LOGS.resolve(name + ".log"), logs.output(), StandardCharsets.UTF_8);
            podman.tryPodman(Duration.ofSeconds(60), "rm", "-f", "-v", name);
        }
        // The images this test built go; those the machine had before stay.
        for (int i = IMAGES.size() - 1; i >= 0; i--) {
            if (!imagesBefore.contains(IMAGES.get(i))) {
                podman.tryPodman(Duration.ofSeconds(60), "rmi", "-f", IMAGES.get(i));
            }
        }
    }

    @Test
    void shouldParseTheComposeFileAloneAndWithTheLocalImages() {
        // podman-compose's dry run reads and merges the files and prints the podman commands of every service.
        for (List<String> files : List.of(List.of("compose.yaml"),
                List.of("compose.yaml", "containers/local/compose.local.yaml"))) {
            List<String> command = new ArrayList<>(List.of("podman-compose"));
            files.forEach(f -> command.addAll(List.of("-f", f)));
            command.addAll(List.of("--dry-run", "up", "-d"));
            String plan = podman.run(Duration.ofSeconds(120), command);
            for (String service : List.of("kafka", "topic-init", "clickstream-app", "iot-app", "market-data-app",
                    "clickstream-generator", "iot-generator", "market-generator", "prometheus", "grafana")) {
                assertTrue(plan.contains("_" + service + "_1 "), files + " runs " + service + ":\n" + plan);
            }
            String kafka = files.size() == 1 ? " apache/kafka:4.3.1" : " " + KAFKA_IMAGE;
            assertTrue(plan.contains(kafka), files + " uses" + kafka);
            assertTrue(plan.contains("-m 1g event-pipeline/iot-app:" + VERSION), files + ": the apps' memory limit and image");
        }
    }

    @Test
    void shouldRunThePipelineAsContainersAndHandAnAppsPartitionsToASecondInstance() throws Exception {
        int kafkaPort = AppProcess.freePort();
        int controllerPort = AppProcess.freePort();
        String bootstrap = "127.0.0.1:" + kafkaPort;
        startBroker(kafkaPort, controllerPort);
        awaitBroker(bootstrap);

        Map<String, Integer> ports = new LinkedHashMap<>();
        for (String app : List.of("clickstream-app", "iot-app", "market-data-app")) {
            ports.put(app, AppProcess.freePort());
            startApp(app, RUN + "-" + app, ports.get(app), bootstrap);
        }
        for (var app : ports.entrySet()) {
            awaitReady(RUN + "-" + app.getKey(), app.getValue());
        }
        // Four minutes of clickstream traffic (the second instance joins and the first dies meanwhile);
        // the others run for two and a half.
        startGenerator("clickstream", bootstrap, "--rate", "250", "--count", "60000", "--seed", "7",
                "--out-of-order", "0", "--users", "1000");
        startGenerator("iot", bootstrap, "--rate", "100", "--duration", "150s", "--devices", "200");
        startGenerator("market", bootstrap, "--rate", "100", "--duration", "150s", "--symbols", "100");
        // A second clickstream instance joins the running pipeline; it warms up while the outputs are checked.
        String first = RUN + "-clickstream-app";
        String second = RUN + "-clickstream-app-2";
        int firstPort = ports.get("clickstream-app");
        int secondPort = AppProcess.freePort();
        startApp("clickstream-app", second, secondPort, bootstrap);
        awaitReady(second, secondPort);
        for (String app : List.of("clickstream", "iot", "market")) {
            String name = RUN + "-gen-" + app;
            assertTrue(isRunning(name), name + " stopped: " + podman.tryPodman(Duration.ofSeconds(30), "logs", name).output());
        }

        // Alerts from every app, dashboard updates from IoT and market; clickstream's come once its windows
        // close (a two-minute grace here), and are checked minute by minute at the end.
        for (String output : List.of("clickstream.alerts", "iot.alerts", "market.alerts", "iot.dashboard", "market.dashboard")) {
            assertFalse(new TopicProbe(bootstrap, Duration.ofSeconds(180)).readUntil(output, seen -> !seen.isEmpty(),
                    "a first record").isEmpty(), output);
        }

        // The two clickstream instances split the input's partitions once the second has warmed up.
        Set<Integer> all = partitions(bootstrap, ClickstreamTopics.EVENTS.name());
        await("the two instances to split " + ClickstreamTopics.EVENTS.name(), Duration.ofSeconds(180), () -> {
            Set<Integer> a = owned(firstPort);
            Set<Integer> b = owned(secondPort);
            Set<Integer> union = new TreeSet<>(a);
            union.addAll(b);
            return !a.isEmpty() && !b.isEmpty() && a.size() + b.size() == all.size() && union.equals(all);
        });
        Set<Integer> ownedByFirst = owned(firstPort);
        String user = userOn(bootstrap, ownedByFirst);
        // Asked of the second instance, answered by the first: queries are routed between containers.
        awaitStatus(secondPort, "/users/" + user + "/session", 200);

        podman.podman(Duration.ofSeconds(60), "kill", first);
        assertTrue(GroupProgress.lag(client(bootstrap), GROUP, ClickstreamTopics.EVENTS.name()) > 0
                || isRunning(RUN + "-gen-clickstream"), "killed while there was input left to process");
        await("the survivor to own every partition", Duration.ofSeconds(120), () -> owned(secondPort).equals(all));
        awaitStatus(secondPort, "/users/" + user + "/session", 200);
        awaitStatus(secondPort, "/pages/top?window=1m", 200);
        assertEquals(404, get(secondPort, "/users/nobody-at-all/session").statusCode());

        // The whole run, exactly: once the generator is done, close its windows and compare every minute.
        assertEquals("0", podman.podman(Duration.ofMinutes(5), "wait", RUN + "-gen-clickstream").trim(),
                "the clickstream generator's exit code");
        Map<Instant, long[]> expected = funnelsByMinute(
                new TopicProbe(bootstrap, Duration.ofSeconds(60)).readAll(ClickstreamTopics.EVENTS.name()));
        Instant last = ((TreeMap<Instant, long[]>) expected).lastKey();
        closeWindows(bootstrap, last.plus(Duration.ofMinutes(2)), last.plus(Duration.ofMinutes(10)));
        AtomicReference<Map<Instant, DashboardUpdate>> published = new AtomicReference<>();
        new TopicProbe(bootstrap, Duration.ofSeconds(180)).readUntil(ClickstreamTopics.DASHBOARD.name(), seen -> {
            published.set(latestFunnels(seen));
            return expected.entrySet().stream().allMatch(e -> published.get().containsKey(e.getKey())
                    && number(published.get().get(e.getKey()), "views") == e.getValue()[0]);
        }, "the final funnel of every minute");
        for (var minute : expected.entrySet()) {
            DashboardUpdate funnel = published.get().get(minute.getKey());
            assertEquals(minute.getValue()[0], number(funnel, "views"), "views " + minute.getKey());
            assertEquals(minute.getValue()[1], number(funnel, "carts"), "carts " + minute.getKey());
            assertEquals(minute.getValue()[2], number(funnel, "purchases"), "purchases " + minute.getKey());
        }
    }

    private static String image(String module) {
        return "event-pipeline/" + module + ":" + VERSION;
    }

    private static void startBroker(int port, int controllerPort) {
        String name = RUN + "-kafka";
        started.add(name);
        podman.podman(Duration.ofSeconds(120), "run", "-d", "--name", name, "--network=host",
                "-e", "KAFKA_NODE_ID=1", "-e", "KAFKA_PROCESS_ROLES=broker,controller",
                "-e", "KAFKA_LISTENERS=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "-e", "KAFKA_ADVERTISED_LISTENERS=PLAINTEXT://127.0.0.1:" + port,
                "-e", "KAFKA_CONTROLLER_LISTENER_NAMES=CONTROLLER",
                "-e", "KAFKA_LISTENER_SECURITY_PROTOCOL_MAP=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
                "-e", "KAFKA_CONTROLLER_QUORUM_VOTERS=1@127.0.0.1:" + controllerPort,
                "-e", "KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR=1", "-e", "KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR=1",
                "-e", "KAFKA_TRANSACTION_STATE_LOG_MIN_ISR=1", "-e", "KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS=0",
                // Topics come from the apps, with their partitions, not from the first client to name one.
                "-e", "KAFKA_AUTO_CREATE_TOPICS_ENABLE=false",
                "-e", "KAFKA_HEAP_OPTS=-Xmx768m", KAFKA_IMAGE);
    }

    private static void startApp(String module, String name, int port, String bootstrap) {
        started.add(name);
        podman.podman(Duration.ofSeconds(120), "run", "-d", "--name", name, "--network=host", "--memory=1g",
                "-e", "PIPELINE_BOOTSTRAP_SERVERS=" + bootstrap, "-e", "PIPELINE_HTTP_PORT=" + port,
                // The host's network gives every container the host's name, the default instance id.
                "-e", "PIPELINE_INSTANCE_ID=" + name,
                // On the host's network every instance is on 127.0.0.1, each on its own port.
                "-e", "PIPELINE_ADVERTISED_HOST=127.0.0.1",
                // A killed instance's partitions move after 10 s, not the default 45 s.
                "-e", "PIPELINE_KAFKA_SESSION_TIMEOUT_MS=10000",
                "-e", "PIPELINE_STREAM_THREADS=1", "-e", "PIPELINE_STANDBY_REPLICAS=1",
                // A new instance first warms its stores up, then takes work at the next probing rebalance:
                // after a minute here (the least Kafka Streams allows), not ten.
                "-e", "PIPELINE_KAFKA_PROBING_REBALANCE_INTERVAL_MS=60000",
                // Windows close on event time: a moved partition's events arrive after the session timeout and
                // a restore, and must still be inside the grace period to count.
                "-e", "PIPELINE_CLICKSTREAM_GRACE=2m", image(module));
    }

    private static void startGenerator(String app, String bootstrap, String... options) {
        String name = RUN + "-gen-" + app;
        started.add(name);
        List<String> command = new ArrayList<>(List.of("run", "-d", "--name", name, "--network=host", "--memory=512m",
                "-e", "PIPELINE_BOOTSTRAP_SERVERS=" + bootstrap, image("pipeline-runner"), "generate", app));
        command.addAll(List.of(options));
        podman.podman(Duration.ofSeconds(120), command.toArray(String[]::new));
    }

    private static boolean isRunning(String name) {
        return podman.podman(Duration.ofSeconds(30), "inspect", "--format", "{{.State.Running}}", name).trim().equals("true");
    }

    private static void awaitBroker(String bootstrap) throws Exception {
        await("the broker container to serve at " + bootstrap, Duration.ofSeconds(120), () -> {
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap, "request.timeout.ms", 3000,
                    "default.api.timeout.ms", 5000))) {
                return !admin.describeCluster().nodes().get().isEmpty();
            } catch (Exception e) {
                return false;
            }
        });
    }

    /**
     * Waits for {@code /health/ready} and then for the image's own health check to pass. Readiness may flap
     * once more right after it is first reached (an instance joining a running app gets a follow-up
     * rebalance within a second), so the health check is polled, as the image's {@code HEALTHCHECK} retries.
     */
    private static void awaitReady(String name, int port) throws Exception {
        await(name + " ready on port " + port, Duration.ofSeconds(180), () -> {
            try {
                return get(port, "/health/ready").statusCode() == 200;
            } catch (IOException e) {
                return false;
            }
        });
        AtomicReference<Podman.Result> health = new AtomicReference<>();
        try {
            await(name + "'s health check", Duration.ofSeconds(90), () -> {
                health.set(podman.tryPodman(Duration.ofSeconds(30), "healthcheck", "run", name));
                return health.get().ok();
            });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(name + "'s health check: " + health.get().output(), e);
        }
    }

    private static void awaitStatus(int port, String path, int status) throws Exception {
        AtomicReference<HttpResponse<String>> last = new AtomicReference<>();
        try {
            await(path + " answering " + status + " on " + port, Duration.ofSeconds(120), () -> {
                last.set(get(port, path));
                return last.get().statusCode() == status;
            });
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; last answer: "
                    + (last.get() == null ? "none" : last.get().statusCode() + " " + last.get().body()), e);
        }
    }

    /** The input partitions the instance on {@code port} says it owns; none if it does not answer. */
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

    private static Set<Integer> partitions(String bootstrap, String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            Set<Integer> all = new TreeSet<>();
            admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions()
                    .forEach(p -> all.add(p.partition()));
            return all;
        }
    }

    /** A user with events in the input whose partition is one of {@code partitions}. */
    private static String userOn(String bootstrap, Set<Integer> partitions) {
        java.util.function.Predicate<ConsumerRecord<byte[], byte[]>> onThem = r -> r.key() != null
                && partitions.contains(r.partition()) && !new String(r.key(), StandardCharsets.UTF_8).startsWith("garbage");
        return new TopicProbe(bootstrap, Duration.ofSeconds(60)).readUntil(ClickstreamTopics.EVENTS.name(),
                seen -> seen.stream().anyMatch(onThem), "a user on " + partitions).stream().filter(onThem).findFirst()
                .map(r -> new String(r.key(), StandardCharsets.UTF_8)).orElseThrow();
    }

    /** Views, carts and purchases per minute of event time, from the input as it is in the topic. */
    private static Map<Instant, long[]> funnelsByMinute(List<ConsumerRecord<byte[], byte[]>> input) {
        Map<Instant, long[]> funnels = new TreeMap<>();
        for (ConsumerRecord<byte[], byte[]> r : input) {
            ClickEvent e;
            try {
                e = ClickstreamTopics.EVENTS.valueSerde().deserializer().deserialize("t", r.value());
            } catch (SerializationException malformed) {
                continue; // a dead letter
            }
            int column = e.type() == EventType.PAGE_VIEW ? 0 : e.type() == EventType.ADD_TO_CART ? 1
                    : e.type() == EventType.PURCHASE ? 2 : -1;
            long[] counts = funnels.computeIfAbsent(e.timestamp().truncatedTo(ChronoUnit.MINUTES), m -> new long[3]);
            if (column >= 0) {
                counts[column]++;
            }
        }
        return funnels;
    }

    /**
     * Closes the windows of everything consumed so far without making any of it late: first events at
     * {@code nextBucket} on many keys (every task sends its buffered partial counts before buffering these),
     * then, once those and the partials are consumed, events at {@code closing}, past every window's grace.
     */
    private static void closeWindows(String bootstrap, Instant nextBucket, Instant closing) throws Exception {
        send(bootstrap, "tail-next-", nextBucket);
        for (String topic : List.of(ClickstreamTopics.EVENTS.name(), GROUP + "-clickstream-group-view-counts-by-page-repartition",
                GROUP + "-clickstream-group-partial-funnels-repartition")) {
            new TopicProbe(bootstrap, Duration.ofSeconds(180)).awaitConsumed(GROUP, topic);
        }
        send(bootstrap, "tail-closing-", closing);
    }

    private static void send(String bootstrap, String prefix, Instant at) throws Exception {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (var producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            List<java.util.concurrent.Future<?>> sent = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                ClickEvent view = ClickEvent.pageView(prefix + i, prefix + "user-" + i, "s", "/tail/" + i, at);
                sent.add(producer.send(new ProducerRecord<>(ClickstreamTopics.EVENTS.name(), view.userId(),
                        ClickstreamTopics.EVENTS.valueSerde().serializer().serialize("t", view))));
            }
            for (var f : sent) {
                f.get();
            }
        }
    }

    private static Map<Instant, DashboardUpdate> latestFunnels(List<ConsumerRecord<byte[], byte[]>> records) {
        Map<Instant, DashboardUpdate> latest = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            DashboardUpdate u = ClickstreamTopics.DASHBOARD.valueSerde().deserializer().deserialize("t", r.value());
            if (u.panel().equals("funnel-1m")) {
                latest.put(u.windowStart(), u);
            }
        }
        return latest;
    }

    private static long number(DashboardUpdate update, String field) {
        return ((Number) update.data().get(field)).longValue();
    }

    private static Map<String, Object> client(String bootstrap) {
        return Map.of("bootstrap.servers", bootstrap);
    }

    private static HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(30))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void await(String what, Duration limit, Callable<Boolean> check) {
        Awaitility.await(what).atMost(limit).pollInSameThread().pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(500)).until(check);
    }
}
