package io.eventpipeline.iot.event;

import io.eventpipeline.core.event.Validating;

/**
 * A device's entry in the registry, the value of the compacted topic {@code iot.devices} (key: deviceId).
 * Settings left out fall back to the app's per-sensor-type defaults; a new record for the device takes
 * effect from its next reading, without a restart.
 *
 * <pre>{@code {"deviceId":"t-1","siteId":"hq","room":"r-101","sensorType":"TEMPERATURE",
 *  "thresholds":{"low":16.0,"high":27.0,"hysteresis":0.5},"setpoint":21.5,"deadband":1.0}}</pre>
 *
 * @param deviceId the device
 * @param siteId its site
 * @param room its room
 * @param sensorType what it measures
 * @param thresholds its alert band, or {@code null} for the type's default
 * @param setpoint for a temperature device, the temperature its room should keep (°C), or {@code null} for the default
 * @param deadband how far the room may drift from the setpoint before heating or cooling starts (°C), or {@code null}
 */
public record DeviceProfile(String deviceId, String siteId, String room, SensorType sensorType, Thresholds thresholds,
                            Double setpoint, Double deadband) implements Validating {

    @Override
    public void validate() {
        Validating.requireText("deviceId", deviceId);
        if (thresholds != null) {
            thresholds.validate();
        }
        if (setpoint != null) {
            Validating.requireRange("setpoint", setpoint, 0, 40);
        }
        if (deadband != null) {
            Validating.requireRange("deadband", deadband, 0, 10);
        }
    }
}
