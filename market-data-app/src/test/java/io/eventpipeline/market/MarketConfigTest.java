package io.eventpipeline.market;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eventpipeline.core.config.ConfigException;
import io.eventpipeline.core.config.ConfigSource;
import io.eventpipeline.core.config.PipelineConfig;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MarketConfigTest {

    @Test
    void shouldReadAppScopedSettingsOverDefaults() {
        MarketConfig config = MarketConfig.from(PipelineConfig.load(MarketTopics.APP, MarketApp.DEFAULT_PORT, ConfigSource.of(Map.of(
                "PIPELINE_MARKET_SMA_SHORT", "10", "PIPELINE_HISTORY_RETENTION", "2h"), Map.of())));
        assertEquals(10, config.smaShort());
        assertEquals(50, config.smaLong());
        assertEquals(Duration.ofHours(2), config.historyRetention());
        assertEquals(Duration.ofSeconds(5), config.grace());
        assertEquals(51, MarketConfig.from(ConfigSource.of(Map.of("PIPELINE_BREAKOUT_CANDLES", "50"), Map.of())).indicatorHistory());
    }

    @Test
    void shouldNameTheKeyOfABadSetting() {
        ConfigException crossed = assertThrows(ConfigException.class, () -> MarketConfig.from(ConfigSource.of(
                Map.of("PIPELINE_SMA_SHORT", "50", "PIPELINE_SMA_LONG", "20"), Map.of())));
        assertTrue(crossed.getMessage().startsWith("PIPELINE_SMA_LONG"), crossed.getMessage());
        ConfigException tooShort = assertThrows(ConfigException.class, () -> MarketConfig.from(ConfigSource.of(
                Map.of("PIPELINE_GRACE", "10m", "PIPELINE_CANDLES_1S_RETENTION", "5m"), Map.of())));
        assertTrue(tooShort.getMessage().startsWith("PIPELINE_CANDLES_1S_RETENTION"), tooShort.getMessage());
        ConfigException notNumber = assertThrows(ConfigException.class, () -> MarketConfig.from(ConfigSource.of(
                Map.of("PIPELINE_ANOMALY_JUMP_Z", "high"), Map.of())));
        assertTrue(notNumber.getMessage().startsWith("PIPELINE_ANOMALY_JUMP_Z"), notNumber.getMessage());
    }
}
