package io.eventpipeline.monitoring.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A real Prometheus (Debian's package, installed if missing) on a free loopback port, running the project's
 * {@code monitoring/prometheus/prometheus.yml} and {@code alerts.yml} with two changes made for a test: the
 * demo targets become the given ones, and scraping and rule evaluation run every {@code interval}.
 */
public final class PrometheusServer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final Process process;
    private final int port;
    private final Path dir;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private PrometheusServer(Process process, int port, Path dir) {
        this.process = process;
        this.port = port;
        this.dir = dir;
    }

    /**
     * @param configDir the project's {@code monitoring/prometheus} directory
     * @param targets by job name, host:port of every instance to scrape (replacing the job's static targets)
     * @param interval scrape and rule evaluation interval
     */
    public static PrometheusServer start(Path configDir, Map<String, List<String>> targets, Duration interval)
            throws IOException {
        Path binary = DebianPackages.require("prometheus", "prometheus");
        Path dir = Files.createTempDirectory("prometheus-");
        ObjectNode config = (ObjectNode) YAML.readTree(configDir.resolve("prometheus.yml").toFile());
        ObjectNode global = (ObjectNode) config.get("global");
        global.put("scrape_interval", interval.toSeconds() + "s");
        global.put("evaluation_interval", interval.toSeconds() + "s");
        for (JsonNode job : config.get("scrape_configs")) {
            List<String> jobTargets = targets.get(job.path("job_name").asText());
            if (jobTargets != null) {
                ArrayNode list = ((ObjectNode) job.get("static_configs").get(0)).putArray("targets");
                jobTargets.forEach(list::add);
            }
        }
        YAML.writeValue(dir.resolve("prometheus.yml").toFile(), config);
        Files.copy(configDir.resolve("alerts.yml"), dir.resolve("alerts.yml"));
        int port = freePort();
        Process process = new ProcessBuilder(binary.toString(), "--config.file=" + dir.resolve("prometheus.yml"),
                "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port)
                .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
        PrometheusServer server = new PrometheusServer(process, port, dir);
        server.awaitReady(Duration.ofSeconds(60));
        return server;
    }

    private void awaitReady(Duration timeout) {
        try {
            Awaitility.await("prometheus ready").atMost(timeout).pollInSameThread().pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(200)).until(this::ready);
        } catch (ConditionTimeoutException e) {
            throw new IllegalStateException("prometheus not ready within " + timeout + ": " + log(), e);
        }
    }

    /** Whether Prometheus answers its readiness check; fails at once when the process has exited. */
    private boolean ready() {
        if (!process.isAlive()) {
            throw new IllegalStateException("prometheus exited: " + log());
        }
        try {
            return http.send(HttpRequest.newBuilder(URI.create(base() + "/-/ready")).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false; // Not listening yet.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public String base() {
        return "http://127.0.0.1:" + port;
    }

    /** {@code GET /api/v1/query?query=…}: the whole answer, errors included ({@code status} says which). */
    public JsonNode query(String promql) {
        return get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
    }

    /** {@code GET <path>} of the HTTP API, as JSON. */
    public JsonNode get(String path) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base() + path))
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public String log() {
        try {
            return Files.readString(dir.resolve("prometheus.log"));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // A temporary directory left behind.
        }
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
