package io.eventpipeline.iot.topology;

import io.eventpipeline.iot.IotConfig;
import io.eventpipeline.iot.event.DeviceProfile;
import io.eventpipeline.iot.event.Reading;
import io.eventpipeline.iot.event.Thresholds;

/**
 * A normalized reading with the settings in force for its device: its registry entry where it has one,
 * the app's per-type defaults otherwise.
 *
 * @param reading the reading, in its canonical unit
 * @param thresholds its alert band
 * @param setpoint the room temperature its device asks for (°C)
 * @param deadband how far the room may drift from the setpoint (°C)
 */
public record EnrichedReading(Reading reading, Thresholds thresholds, double setpoint, double deadband) {

    /** {@code reading} with {@code profile}'s settings (which may be {@code null}) over {@code config}'s. */
    public static EnrichedReading of(Reading reading, DeviceProfile profile, IotConfig config) {
        Thresholds thresholds = profile != null && profile.thresholds() != null ? profile.thresholds()
                : config.thresholds(reading.sensorType());
        double setpoint = profile != null && profile.setpoint() != null ? profile.setpoint() : config.setpoint();
        double deadband = profile != null && profile.deadband() != null ? profile.deadband() : config.deadband();
        return new EnrichedReading(reading, thresholds, setpoint, deadband);
    }
}
