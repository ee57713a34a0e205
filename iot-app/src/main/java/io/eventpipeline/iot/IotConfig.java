package io.eventpipeline.iot;

import io.eventpipeline.core.config.ConfigException;
import io.eventpipeline.core.config.ConfigSource;
import io.eventpipeline.core.config.PipelineConfig;
import io.eventpipeline.core.event.InvalidEventException;
import io.eventpipeline.iot.event.SensorType;
import io.eventpipeline.iot.hvac.HvacConfig;
import io.eventpipeline.iot.event.Thresholds;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * The IoT app's own settings, read with the app's scope (so {@code PIPELINE_IOT_OFFLINE_AFTER} or
 * {@code PIPELINE_OFFLINE_AFTER}) and checked at start-up.
 *
 * @param grace how late a reading may arrive and still count in its window ({@code grace}, default 30s)
 * @param partitionIdleAfter silence (wall clock) after which a partition of {@code iot.readings} no longer holds
 *                           back the closing of room windows, until it sends again ({@code partition.idle.after},
 *                           default 2m: longer than a reading task takes to restore its state and resume)
 * @param thresholds per sensor type, the alert band used when a device's registry entry has none
 *                   ({@code threshold.<type>.low|high|hysteresis}, e.g. {@code threshold.temperature.high}, default
 *                   temperature 10..30 °C ± 0.5, humidity 20..70 % ± 2, CO2 ..1500 ppm ± 50; {@code none} for no limit)
 * @param stuckReadings identical consecutive readings after which a sensor is stuck ({@code stuck.readings}, default 10)
 * @param spikeRates per sensor type, the largest believable change per second ({@code spike.<type>.per.second},
 *                   default temperature 0.5 °C/s, humidity 2 %/s, CO2 50 ppm/s)
 * @param offlineAfter silence (wall clock) after which a device is offline ({@code offline.after}, default 2m)
 * @param offlineCheckInterval how often silent devices are looked for ({@code offline.check.interval}, default 5s)
 * @param setpoint the room temperature kept when no device sets one ({@code climate.setpoint}, default 21 °C)
 * @param deadband how far a room may drift from its setpoint before heating or cooling ({@code climate.deadband}, default 1 °C)
 * @param climateWindow how old a device's latest temperature may be and still count in its room's average
 *                      ({@code climate.window}, default 5m, event time)
 * @param partitions partitions of the app's topics when it creates them ({@code partitions}, default 6)
 * @param archiveDir where the archive of raw readings goes ({@code archive.dir}, default {@code .pipeline/archive-iot});
 *                   {@code none} turns it off
 * @param hvac the confirmation of HVAC commands ({@link HvacConfig})
 */
public record IotConfig(Duration grace, Duration partitionIdleAfter, Map<SensorType, Thresholds> thresholds, int stuckReadings,
                        Map<SensorType, Double> spikeRates, Duration offlineAfter, Duration offlineCheckInterval,
                        double setpoint, double deadband, Duration climateWindow, int partitions, String archiveDir,
                        HvacConfig hvac) {

    public IotConfig {
        thresholds = Map.copyOf(thresholds);
        spikeRates = Map.copyOf(spikeRates);
    }

    /** Defaults, for tests. */
    public static IotConfig defaults() {
        return from(ConfigSource.of(Map.of(), Map.of()));
    }

    /** Reads and checks the settings. */
    public static IotConfig from(PipelineConfig config) {
        return from(config.source().scoped(config.app()));
    }

    /** Reads and checks the settings of {@code source} (already scoped). */
    public static IotConfig from(ConfigSource source) {
        Map<SensorType, Thresholds> thresholds = new EnumMap<>(SensorType.class);
        thresholds.put(SensorType.TEMPERATURE, thresholds(source, SensorType.TEMPERATURE, 10.0, 30.0, 0.5));
        thresholds.put(SensorType.HUMIDITY, thresholds(source, SensorType.HUMIDITY, 20.0, 70.0, 2.0));
        thresholds.put(SensorType.CO2, thresholds(source, SensorType.CO2, null, 1500.0, 50.0));
        Map<SensorType, Double> spikes = new EnumMap<>(SensorType.class);
        spikes.put(SensorType.TEMPERATURE, spikeRate(source, SensorType.TEMPERATURE, 0.5));
        spikes.put(SensorType.HUMIDITY, spikeRate(source, SensorType.HUMIDITY, 2.0));
        spikes.put(SensorType.CO2, spikeRate(source, SensorType.CO2, 50.0));
        return new IotConfig(
                source.getDuration("grace", Duration.ofSeconds(30), Duration.ZERO),
                source.getDuration("partition.idle.after", Duration.ofMinutes(2), Duration.ofMillis(100)),
                thresholds,
                source.getInt("stuck.readings", 10, 2, 1_000_000),
                spikes,
                source.getDuration("offline.after", Duration.ofMinutes(2), Duration.ofSeconds(1)),
                source.getDuration("offline.check.interval", Duration.ofSeconds(5), Duration.ofMillis(100)),
                source.getDouble("climate.setpoint", 21.0, 0, 40),
                source.getDouble("climate.deadband", 1.0, 0, 10),
                source.getDuration("climate.window", Duration.ofMinutes(5), Duration.ofSeconds(1)),
                source.getInt("partitions", 6, 1, 1_024),
                source.getString("archive.dir", Path.of(".pipeline", "archive-iot").toString()),
                HvacConfig.from(source));
    }

    /** The band of {@code type} unless a device sets its own. */
    public Thresholds thresholds(SensorType type) {
        return thresholds.get(type);
    }

    /** The largest believable change per second of {@code type}. */
    public double spikeRate(SensorType type) {
        return spikeRates.get(type);
    }

    /** Whether the archive is on. */
    public boolean archiving() {
        return !archiveDir.equalsIgnoreCase("none");
    }

    /** This config with another archive directory. */
    public IotConfig withArchiveDir(String dir) {
        return new IotConfig(grace, partitionIdleAfter, thresholds, stuckReadings, spikeRates, offlineAfter, offlineCheckInterval, setpoint,
                deadband, climateWindow, partitions, dir, hvac);
    }

    private static Thresholds thresholds(ConfigSource source, SensorType type, Double low, Double high, double hysteresis) {
        String prefix = "threshold." + type.name().toLowerCase(Locale.ROOT) + ".";
        Thresholds t = new Thresholds(limit(source, prefix + "low", low), limit(source, prefix + "high", high),
                source.getDouble(prefix + "hysteresis", hysteresis, 0, 1e6));
        try {
            t.validate();
        } catch (InvalidEventException e) {
            throw new ConfigException(prefix + "high", e.getMessage());
        }
        return t;
    }

    private static Double limit(ConfigSource source, String key, Double defaultValue) {
        String text = source.get(key).orElse(null);
        if (text == null) {
            return defaultValue;
        }
        return text.strip().equalsIgnoreCase("none") ? null : source.getDouble(key, 0, -1e6, 1e6);
    }

    private static double spikeRate(ConfigSource source, SensorType type, double defaultValue) {
        return source.getDouble("spike." + type.name().toLowerCase(Locale.ROOT) + ".per.second", defaultValue, 1e-6, 1e9);
    }
}
