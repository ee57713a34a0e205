package io.eventpipeline.iot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eventpipeline.core.config.ConfigException;
import io.eventpipeline.core.config.ConfigSource;
import io.eventpipeline.core.config.PipelineConfig;
import io.eventpipeline.iot.event.SensorType;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IotConfigTest {

    @Test
    void shouldReadAppScopedSettingsOverDefaults() {
        IotConfig config = IotConfig.from(PipelineConfig.load(IotTopics.APP, IotApp.DEFAULT_PORT, ConfigSource.of(Map.of(
                "PIPELINE_IOT_OFFLINE_AFTER", "30s", "PIPELINE_THRESHOLD_TEMPERATURE_HIGH", "28",
                "PIPELINE_IOT_THRESHOLD_CO2_HIGH", "none"), Map.of())));
        assertEquals(Duration.ofSeconds(30), config.offlineAfter());
        assertEquals(28.0, config.thresholds(SensorType.TEMPERATURE).high());
        assertEquals(10.0, config.thresholds(SensorType.TEMPERATURE).low());
        assertNull(config.thresholds(SensorType.CO2).high());
        assertEquals(0.5, config.spikeRate(SensorType.TEMPERATURE));
    }

    @Test
    void shouldNameTheKeyOfABadSetting() {
        ConfigException bad = assertThrows(ConfigException.class, () -> IotConfig.from(ConfigSource.of(
                Map.of("PIPELINE_THRESHOLD_HUMIDITY_LOW", "80"), Map.of())));
        assertTrue(bad.getMessage().startsWith("PIPELINE_THRESHOLD_HUMIDITY_HIGH"), bad.getMessage());
        ConfigException notNumber = assertThrows(ConfigException.class, () -> IotConfig.from(ConfigSource.of(
                Map.of("PIPELINE_STUCK_READINGS", "many"), Map.of())));
        assertTrue(notNumber.getMessage().startsWith("PIPELINE_STUCK_READINGS"), notNumber.getMessage());
    }
}
