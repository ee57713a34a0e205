package io.eventpipeline.runner.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.eventpipeline.monitoring.support.DebianPackages;
import io.eventpipeline.monitoring.support.PrometheusServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The monitoring module against the running pipeline: {@code ./pipeline demo} (broker, the three apps,
 * their generators) scraped by a real Prometheus running our {@code prometheus.yml} and {@code alerts.yml}.
 * Every PromQL expression of every Grafana panel and every rule is evaluated through Prometheus' HTTP API:
 * none may error, every metric they name must exist, and every panel has data under load, except the few
 * listed in {@link #MAY_BE_EMPTY} with the reason. Then the built-in live dashboard of the same demo is
 * loaded in headless Chromium and must show every app live.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MonitoringIT {

    private static final Path MONITORING = DemoProcess.ROOT.resolve("monitoring");
    private static final Duration SCRAPE = Duration.ofSeconds(2);
    /** What Grafana's {@code $__rate_interval} becomes: four scrapes and then some. */
    private static final String RATE_INTERVAL = "30s";
    /** How long panels get to fill: the one-minute windows must end, and grace pass, by the wall clock. */
    private static final Duration DATA_DEADLINE = Duration.ofMinutes(4);

    /**
     * Panels that may stay empty in the first minutes of the demo, and why. Signals need {@code sma.long}
     * one-minute candles first, so there may be no signals yet; a step's latency exists once the first step
     * of a flow has ended (HVAC deliveries end within seconds of a room's first command, but a start-up
     * under load can delay that). Flow counters exist at zero from the start. Metrics named only by these
     * panels may not exist yet either (Micrometer registers a meter on its first use).
     */
    private static final Map<String, String> MAY_BE_EMPTY = Map.of(
            "pipeline-market / Signals / min", "signals start after sma.long one-minute candles",
            "pipeline-overview / Flow step latency p99", "no flow step may have ended yet");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Pattern METRIC = Pattern.compile("\\b((?:pipeline|kafka|jvm|process|system)_[a-zA-Z0-9_]+)\\b(?!\\s*\\()");

    private static DemoProcess demo;
    private static int dashboardPort;
    private static PrometheusServer prometheus;
    private static long started;

    @BeforeAll
    static void startDemoAndPrometheus() throws Exception {
        Map<String, String> ports = new LinkedHashMap<>();
        for (String app : List.of("CLICKSTREAM", "IOT", "MARKET")) {
            ports.put("PIPELINE_" + app + "_HTTP_PORT", String.valueOf(PrometheusServer.freePort()));
        }
        dashboardPort = PrometheusServer.freePort();
        Map<String, String> env = new LinkedHashMap<>(ports);
        env.put("PIPELINE_DASHBOARD_HTTP_PORT", String.valueOf(dashboardPort));
        env.put("PIPELINE_DEMO_STATUS_INTERVAL", "10s");
        demo = DemoProcess.start(env);
        demo.awaitLine("event-pipeline demo is running", Duration.ofMinutes(4));
        demo.awaitLine("status", Duration.ofSeconds(60));
        started = System.nanoTime();
        prometheus = PrometheusServer.start(MONITORING.resolve("prometheus"), Map.of(
                "pipeline-apps", ports.values().stream().map(p -> "127.0.0.1:" + p).toList(),
                "pipeline-dashboard", List.of("127.0.0.1:" + dashboardPort)), SCRAPE);
    }

    @AfterAll
    static void stop() throws Exception {
        if (prometheus != null) {
            prometheus.close();
        }
        if (demo != null) {
            demo.close();
        }
    }

    @Test
    @Order(1)
    void shouldScrapeEveryApp() throws InterruptedException {
        JsonNode up = awaitResult("up == 1", 4, Duration.ofSeconds(60));
        assertEquals(4, up.size(), "three apps and the live dashboard: " + prometheus.get("/api/v1/targets").toPrettyString());
    }

    @Test
    @Order(2)
    void shouldEvaluateEveryRuleWithoutError() throws IOException, InterruptedException {
        List<String> exprs = new ArrayList<>();
        for (JsonNode group : YAML.readTree(MONITORING.resolve("prometheus/alerts.yml").toFile()).path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                exprs.add(rule.path("expr").asText());
            }
        }
        for (String expr : exprs) {
            JsonNode answer = prometheus.query(expr);
            assertEquals("success", answer.path("status").asText(), expr + ": " + answer);
        }
        // And as Prometheus runs them: every rule evaluated, healthy.
        List<String> unhealthy = poll(Duration.ofSeconds(30), Duration.ofSeconds(1), () -> {
            List<String> sick = new ArrayList<>();
            int rules = 0;
            for (JsonNode group : prometheus.get("/api/v1/rules").path("data").path("groups")) {
                for (JsonNode rule : group.path("rules")) {
                    rules++;
                    if (!rule.path("health").asText().equals("ok")) {
                        sick.add(rule.path("name").asText() + ": " + rule.path("health").asText() + " "
                                + rule.path("lastError").asText());
                    }
                }
            }
            assertEquals(exprs.size(), rules, "every rule of alerts.yml is loaded");
            return sick;
        }, List::isEmpty);
        assertTrue(unhealthy.isEmpty(), unhealthy.toString());
    }

    @Test
    @Order(3)
    void shouldAnswerEveryPanelWithoutErrorAndWithDataUnderLoad() throws IOException, InterruptedException {
        Map<String, List<String>> panels = panelQueries();
        Set<String> missingMetrics = new TreeSet<>();
        Set<String> empty = new TreeSet<>(panels.keySet());
        poll(Duration.ofNanos(Math.max(1, started + DATA_DEADLINE.toNanos() - System.nanoTime())), Duration.ofSeconds(5), () -> {
            for (String panel : List.copyOf(empty)) {
                boolean hasData = false;
                for (String expr : panels.get(panel)) {
                    JsonNode answer = prometheus.query(expr);
                    assertEquals("success", answer.path("status").asText(), panel + ": " + expr + ": " + answer);
                    hasData |= hasNumbers(answer.path("data").path("result"));
                }
                if (hasData) {
                    empty.remove(panel);
                }
            }
            empty.removeAll(MAY_BE_EMPTY.keySet());
            return empty;
        }, Set::isEmpty);
        Set<String> names = new TreeSet<>();
        prometheus.get("/api/v1/label/__name__/values").path("data").forEach(n -> names.add(n.asText()));
        for (Map.Entry<String, List<String>> panel : panels.entrySet()) {
            if (MAY_BE_EMPTY.containsKey(panel.getKey())) {
                continue;
            }
            for (String expr : panel.getValue()) {
                Matcher m = METRIC.matcher(expr);
                while (m.find()) {
                    if (!names.contains(m.group(1))) {
                        missingMetrics.add(m.group(1));
                    }
                }
            }
        }
        assertTrue(missingMetrics.isEmpty(), "metrics named by panels but not emitted: " + missingMetrics
                + "; panels without data: " + empty);
        assertTrue(empty.isEmpty(), "panels without data after " + DATA_DEADLINE.toMinutes() + " minutes of load: " + empty);
        assertTrue(demo.isAlive());
    }

    /**
     * The live dashboard in headless Chromium (Debian's, installed if missing): it connects, shows every
     * app's input rate and alerts, updates within seconds, and fills top pages, rooms and movers. The page
     * is saved as {@code target/live-dashboard.png}.
     */
    @Test
    @Order(4)
    void shouldShowEveryAppLiveInTheBrowser() throws IOException {
        Path chromium = DebianPackages.require("chromium", "chromium");
        Path chromedriver = DebianPackages.require("chromedriver", "chromium-driver");
        ChromeOptions options = new ChromeOptions().setBinary(chromium.toFile())
                .addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                        "--window-size=1600,1000", "--no-first-run", "--disable-background-networking",
                        "--disable-component-update", "--disable-sync", "--disable-quic");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(chromedriver.toFile())
                .usingAnyFreePort().build();
        WebDriver browser = new ChromeDriver(service, options);
        try {
            browser.get("http://127.0.0.1:" + dashboardPort + "/");
            // The page redraws every second: an element found may be replaced before it is read.
            WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
            wait.ignoring(StaleElementReferenceException.class);
            wait.until(b -> b.findElement(By.id("connection")).getText().equals("live"));
            for (String app : List.of("clickstream", "iot", "market")) {
                wait.until(b -> number(b.findElement(By.cssSelector("#app-" + app + " .value")).getText()) > 0);
            }
            String clock = wait.until(b -> b.findElement(By.id("clock")).getText());
            wait.until(b -> !b.findElement(By.id("clock")).getText().equals(clock));
            wait.until(b -> !b.findElements(By.cssSelector("#alerts li.alert")).isEmpty());
            String newestAlert = wait.until(b -> b.findElement(By.cssSelector("#alerts li.alert")).getText());
            assertTrue(newestAlert.matches("(?s).*(INFO|WARNING|CRITICAL).*"), newestAlert);
            wait.until(b -> !b.findElements(By.cssSelector("#top-pages .bar")).isEmpty());
            wait.until(b -> !b.findElements(By.cssSelector("#rooms .room")).isEmpty());
            wait.until(b -> !b.findElements(By.cssSelector("#gainers tbody tr")).isEmpty());
            Path shot = Path.of("target", "live-dashboard.png");
            Files.createDirectories(shot.getParent());
            Files.write(shot, ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
        } finally {
            browser.quit();
        }
    }

    private static double number(String text) {
        try {
            return Double.parseDouble(text.replace(",", ""));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Every panel's queries, by {@code <dashboard uid> / <panel title>}, Grafana's variables filled in. */
    private static Map<String, List<String>> panelQueries() throws IOException {
        Map<String, List<String>> panels = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(MONITORING.resolve("grafana/dashboards"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                JsonNode dashboard = JSON.readTree(file.toFile());
                for (JsonNode panel : dashboard.path("panels")) {
                    List<String> exprs = new ArrayList<>();
                    for (JsonNode target : panel.path("targets")) {
                        exprs.add(target.path("expr").asText().replace("$__rate_interval", RATE_INTERVAL)
                                .replace("$app", ".*").replace("$instance", ".*"));
                    }
                    if (!exprs.isEmpty()) {
                        panels.put(dashboard.path("uid").asText() + " / " + panel.path("title").asText(), exprs);
                    }
                }
            }
        }
        return panels;
    }

    /** Whether a query result holds at least one number (a NaN, as from a gauge with nothing yet, is none). */
    private static boolean hasNumbers(JsonNode result) {
        for (JsonNode series : result) {
            String value = series.path("value").path(1).asText();
            if (!value.isEmpty() && !value.equals("NaN")) {
                return true;
            }
        }
        return false;
    }

    private static JsonNode awaitResult(String expr, int size, Duration timeout) {
        return poll(timeout, Duration.ofSeconds(1),
                () -> prometheus.query(expr).path("data").path("result"), result -> result.size() >= size);
    }

    /**
     * Asks {@code attempt} (at once, then every {@code every}) until {@code done} holds for its answer or
     * {@code limit} has passed, and returns the last answer: the caller's assertions judge it and say what
     * was missing.
     */
    private static <T> T poll(Duration limit, Duration every, Supplier<T> attempt, Predicate<T> done) {
        AtomicReference<T> last = new AtomicReference<>();
        try {
            await().atMost(limit).pollInSameThread().pollDelay(Duration.ZERO).pollInterval(every)
                    .until(() -> {
                        last.set(attempt.get());
                        return done.test(last.get());
                    });
        } catch (ConditionTimeoutException timedOut) {
            // Not done in time: the last answer goes to the caller's assertions.
        }
        return last.get();
    }
}
