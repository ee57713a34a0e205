package io.eventpipeline.iot.topology;

import io.eventpipeline.iot.event.HvacMode;
import java.time.Instant;
import java.util.Map;

/**
 * A room's climate: the newest temperature of each of its devices, their average, and what the HVAC does.
 *
 * @param roomId {@code <siteId>:<room>}
 * @param devices deviceId to its newest temperature, within {@code climate.window} of the room's newest
 * @param temperature the average of {@code devices} (°C)
 * @param setpoint the temperature to keep (°C), from the newest reading's device
 * @param deadband the drift allowed before heating or cooling (°C)
 * @param mode what the HVAC does
 * @param updated event time of the newest reading
 */
public record RoomClimate(String roomId, Map<String, DeviceTemperature> devices, double temperature, double setpoint,
                          double deadband, HvacMode mode, Instant updated) {

    public RoomClimate {
        devices = Map.copyOf(devices);
    }

    /**
     * One device's newest temperature.
     *
     * @param celsius the value
     * @param at its event time
     */
    public record DeviceTemperature(double celsius, Instant at) {
    }
}
