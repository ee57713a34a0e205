package io.eventpipeline.monitoring.prometheus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.eventpipeline.monitoring.support.Command;
import io.eventpipeline.monitoring.support.DebianPackages;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code monitoring/prometheus/}: the configuration and rules pass Prometheus' own checks, and the rule unit
 * tests prove that each alert fires when it should and stays quiet when it should not.
 */
class PrometheusRulesTest {

    static final Path DIR = Path.of("prometheus").toAbsolutePath();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private static Path promtool;

    @BeforeAll
    static void installPromtool() {
        promtool = DebianPackages.require("promtool", "prometheus");
    }

    @Test
    void configurationIsValid() {
        assertPromtool("check", "config", "prometheus.yml");
    }

    @Test
    void rulesAreValid() {
        assertPromtool("check", "rules", "alerts.yml");
    }

    @Test
    void ruleUnitTestsPass() {
        assertPromtool("test", "rules", "alerts_test.yml");
    }

    @Test
    void everyAlertIsTestedFiringAndQuiet() throws IOException {
        Set<String> alerts = new TreeSet<>();
        for (JsonNode group : YAML.readTree(DIR.resolve("alerts.yml").toFile()).path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                if (rule.has("alert")) {
                    alerts.add(rule.path("alert").asText());
                    assertTrue(rule.path("labels").has("severity"), rule.path("alert") + " has no severity");
                    assertTrue(rule.path("annotations").has("summary"), rule.path("alert") + " has no summary");
                }
            }
        }
        assertFalse(alerts.isEmpty());
        Set<String> fires = new HashSet<>();
        Set<String> quiet = new HashSet<>();
        for (JsonNode test : YAML.readTree(DIR.resolve("alerts_test.yml").toFile()).path("tests")) {
            for (JsonNode check : test.path("alert_rule_test")) {
                String name = check.path("alertname").asText();
                (check.path("exp_alerts").isEmpty() ? quiet : fires).add(name);
            }
        }
        for (String alert : alerts) {
            assertTrue(fires.contains(alert), alert + " has no test in which it fires");
            assertTrue(quiet.contains(alert), alert + " has no test in which it stays quiet");
        }
    }

    @Test
    void everyAppIsScrapedByTheDemoTargetsAndFileDiscovery() throws IOException {
        JsonNode apps = null;
        for (JsonNode job : YAML.readTree(DIR.resolve("prometheus.yml").toFile()).path("scrape_configs")) {
            if (job.path("job_name").asText().equals("pipeline-apps")) {
                apps = job;
            }
        }
        assertTrue(apps != null, "no pipeline-apps job");
        assertEquals("/metrics", apps.path("metrics_path").asText());
        assertEquals(List.of("localhost:8081", "localhost:8082", "localhost:8083"),
                YAML.convertValue(apps.path("static_configs").get(0).path("targets"), List.class));
        assertFalse(apps.path("file_sd_configs").isEmpty(), "no file-based discovery for scaled-out instances");
    }

    private static void assertPromtool(String... args) {
        List<String> command = new java.util.ArrayList<>(List.of(promtool.toString()));
        command.addAll(List.of(args));
        Command result = Command.run(DIR, Duration.ofMinutes(2), command);
        assertEquals(0, result.exitCode(), String.join(" ", command) + ":\n" + result.output());
    }
}
