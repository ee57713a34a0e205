package io.eventpipeline.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PipelineConfigTest {

    @Test
    void shouldUseDefaultsWhenNothingIsSet() {
        PipelineConfig config = PipelineConfig.load("clickstream", 8081, ConfigSource.of(Map.of(), Map.of()));
        assertEquals("pipeline-clickstream", config.applicationId());
        assertEquals("localhost:9092", config.bootstrapServers());
        assertEquals(8081, config.httpPort());
        assertEquals(PipelineConfig.ProcessingGuarantee.EXACTLY_ONCE_V2, config.guarantee());
        assertEquals(128L * 1024 * 1024, config.rocksDbMemoryBytes());
        assertEquals(Duration.ofMillis(100), config.commitInterval());
    }

    @Test
    void shouldLetTheEnvironmentWinOverTheFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("app.properties");
        Files.writeString(file, "http.port=9000\nstream.threads=3\nkafka.security.protocol=SSL\n");
        ConfigSource source = ConfigSource.of(Map.of(ConfigSource.CONFIG_FILE_ENV, file.toString(),
                "PIPELINE_HTTP_PORT", "9100", "PIPELINE_KAFKA_SASL_MECHANISM", "PLAIN"));
        PipelineConfig config = PipelineConfig.load("iot", 8082, source);
        assertEquals(9100, config.httpPort());
        assertEquals(3, config.streamThreads());
        assertEquals(Map.of("security.protocol", "SSL", "sasl.mechanism", "PLAIN"), config.kafka());
        assertEquals("SSL", config.clientProperties().get("security.protocol"));
    }

    @Test
    void shouldNameTheKeyOfABadNumber() {
        ConfigException e = assertThrows(ConfigException.class, () -> PipelineConfig.load("iot", 8082,
                ConfigSource.of(Map.of("PIPELINE_HTTP_PORT", "eighty"), Map.of())));
        assertEquals("PIPELINE_HTTP_PORT (http.port): got 'eighty'; expected an integer from 0 to 65535", e.getMessage());
        assertEquals("http.port", e.key());
    }

    @Test
    void shouldNameTheKeyOfAnOutOfRangeNumber() {
        ConfigException e = assertThrows(ConfigException.class, () -> PipelineConfig.load("iot", 8082,
                ConfigSource.of(Map.of("PIPELINE_STREAM_THREADS", "0"), Map.of())));
        assertEquals("PIPELINE_STREAM_THREADS (stream.threads): got 0; expected an integer from 1 to 64", e.getMessage());
    }

    @Test
    void shouldRejectABootstrapAddressWithoutPort() {
        ConfigException e = assertThrows(ConfigException.class, () -> PipelineConfig.load("iot", 8082,
                ConfigSource.of(Map.of("PIPELINE_BOOTSTRAP_SERVERS", "broker-without-port"), Map.of())));
        assertEquals("bootstrap.servers", e.key());
    }

    @Test
    void shouldRejectAnUnknownGuarantee() {
        ConfigException e = assertThrows(ConfigException.class, () -> PipelineConfig.load("iot", 8082,
                ConfigSource.of(Map.of("PIPELINE_PROCESSING_GUARANTEE", "twice"), Map.of())));
        assertEquals("PIPELINE_PROCESSING_GUARANTEE (processing.guarantee): got 'twice'; expected one of "
                + "[exactly_once_v2, at_least_once]", e.getMessage());
    }

    @Test
    void shouldPreferTheAppScopedSetting() {
        ConfigSource source = ConfigSource.of(Map.of("PIPELINE_HTTP_PORT", "9000", "PIPELINE_IOT_HTTP_PORT", "9001",
                "PIPELINE_IOT_KAFKA_CLIENT_RACK", "r1"), Map.of());
        assertEquals(9001, PipelineConfig.load("iot", 8082, source).httpPort());
        assertEquals(9000, PipelineConfig.load("clickstream", 8081, source).httpPort());
        assertEquals(Map.of("client.rack", "r1"), PipelineConfig.load("iot", 8082, source).kafka());
    }

    @Test
    void shouldNameTheScopedKeyThatHeldABadValue() {
        ConfigException e = assertThrows(ConfigException.class, () -> PipelineConfig.load("iot", 8082,
                ConfigSource.of(Map.of("PIPELINE_IOT_HTTP_PORT", "x"), Map.of())));
        assertEquals("PIPELINE_IOT_HTTP_PORT (iot.http.port): got 'x'; expected an integer from 0 to 65535", e.getMessage());
    }

    @Test
    void shouldParseDurationsWithUnits() {
        ConfigSource source = ConfigSource.of(Map.of("PIPELINE_A", "250ms", "PIPELINE_B", "5m", "PIPELINE_C", "PT2H",
                "PIPELINE_D", "soon"), Map.of());
        assertEquals(Duration.ofMillis(250), source.getDuration("a", Duration.ZERO, Duration.ZERO));
        assertEquals(Duration.ofMinutes(5), source.getDuration("b", Duration.ZERO, Duration.ZERO));
        assertEquals(Duration.ofHours(2), source.getDuration("c", Duration.ZERO, Duration.ZERO));
        ConfigException e = assertThrows(ConfigException.class, () -> source.getDuration("d", Duration.ZERO, Duration.ZERO));
        assertEquals("PIPELINE_D (d): got 'soon'; expected a duration such as 250ms, 30s, 5m, 1h or PT30S", e.getMessage());
    }

    @Test
    void shouldNameAMissingConfigFile() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigSource.of(Map.of(ConfigSource.CONFIG_FILE_ENV, "/no/such/file.properties")));
        assertEquals("config.file", e.key());
    }
}
