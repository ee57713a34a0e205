package io.eventpipeline.monitoring.grafana;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@code monitoring/grafana/}: the dashboards are well-formed, choose their data source through a variable
 * (no data source id of anyone's Grafana), and the provisioning files load them. Whether every panel's query
 * runs and has data is {@code MonitoringIT}'s job, against a real Prometheus.
 */
class GrafanaDashboardsTest {

    static final Path DIR = Path.of("grafana").toAbsolutePath();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @Test
    void shouldHaveTheOverviewOnePerAppKafkaStreamsAndJvm() throws IOException {
        Set<String> uids = new TreeSet<>();
        for (JsonNode dashboard : dashboards()) {
            assertTrue(uids.add(dashboard.path("uid").asText()), "duplicate uid " + dashboard.path("uid"));
        }
        assertEquals(Set.of("pipeline-overview", "pipeline-clickstream", "pipeline-iot", "pipeline-market",
                "pipeline-kafka-streams", "pipeline-jvm"), uids);
    }

    @Test
    void shouldChooseTheDataSourceThroughAVariable() throws IOException {
        for (JsonNode dashboard : dashboards()) {
            String name = dashboard.path("uid").asText();
            JsonNode variable = variable(dashboard, "datasource");
            assertEquals("datasource", variable.path("type").asText(), name);
            assertEquals("prometheus", variable.path("query").asText(), name);
            List<String> sources = new ArrayList<>();
            collectDataSources(dashboard.path("panels"), sources);
            collectDataSources(dashboard.path("templating"), sources);
            assertFalse(sources.isEmpty(), name);
            for (String uid : sources) {
                assertEquals("${datasource}", uid, name + ": a hard-coded data source");
            }
        }
    }

    @Test
    void shouldGiveEveryPanelAQueryAPlaceAndAUniqueId() throws IOException {
        for (JsonNode dashboard : dashboards()) {
            String name = dashboard.path("uid").asText();
            Set<Integer> ids = new HashSet<>();
            Set<String> titles = new HashSet<>();
            for (JsonNode panel : dashboard.path("panels")) {
                String title = name + " / " + panel.path("title").asText();
                assertTrue(ids.add(panel.path("id").asInt()), "duplicate panel id in " + title);
                JsonNode grid = panel.path("gridPos");
                assertTrue(grid.path("x").asInt() + grid.path("w").asInt() <= 24, title + " is wider than the grid");
                assertTrue(grid.path("h").asInt() > 0, title);
                if (panel.path("type").asText().equals("row")) {
                    continue;
                }
                assertTrue(titles.add(panel.path("title").asText()), "duplicate title " + title);
                assertFalse(panel.path("description").asText().isBlank(), title + " has no description");
                assertFalse(panel.path("targets").isEmpty(), title + " has no query");
                for (JsonNode target : panel.path("targets")) {
                    assertFalse(target.path("expr").asText().isBlank(), title + " has an empty query");
                }
            }
        }
    }

    @Test
    void shouldProvisionAPrometheusDataSourceAndTheDashboardFolder() throws IOException {
        JsonNode sources = YAML.readTree(DIR.resolve("provisioning/datasources/prometheus.yml").toFile());
        assertEquals("prometheus", sources.path("datasources").get(0).path("type").asText());
        JsonNode providers = YAML.readTree(DIR.resolve("provisioning/dashboards/event-pipeline.yml").toFile());
        JsonNode provider = providers.path("providers").get(0);
        assertEquals("file", provider.path("type").asText());
        assertFalse(provider.path("options").path("path").asText().isBlank());
    }

    /** Every dashboard under {@code grafana/dashboards/}. */
    public static List<JsonNode> dashboards() throws IOException {
        List<JsonNode> all = new ArrayList<>();
        try (Stream<Path> files = Files.list(DIR.resolve("dashboards"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                all.add(JSON.readTree(file.toFile()));
            }
        }
        return all;
    }

    private static JsonNode variable(JsonNode dashboard, String name) {
        for (JsonNode variable : dashboard.path("templating").path("list")) {
            if (variable.path("name").asText().equals(name)) {
                return variable;
            }
        }
        throw new AssertionError(dashboard.path("uid").asText() + " has no variable " + name);
    }

    private static void collectDataSources(JsonNode node, List<String> uids) {
        if (node.isObject()) {
            JsonNode source = node.get("datasource");
            if (source != null && source.isObject()) {
                uids.add(source.path("uid").asText());
            } else if (source != null && source.isTextual()) {
                uids.add(source.asText());
            }
            node.fields().forEachRemaining(field -> collectDataSources(field.getValue(), uids));
        } else if (node.isArray()) {
            node.forEach(child -> collectDataSources(child, uids));
        }
    }
}
