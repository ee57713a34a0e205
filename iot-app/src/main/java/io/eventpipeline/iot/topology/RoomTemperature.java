package io.eventpipeline.iot.topology;

import java.time.Instant;

/**
 * A temperature reading on its way to its room's climate control (key roomId).
 *
 * @param deviceId the device
 * @param celsius the value
 * @param at event time
 * @param setpoint the setpoint in force for the device
 * @param deadband the deadband in force for the device
 */
public record RoomTemperature(String deviceId, double celsius, Instant at, double setpoint, double deadband) {
}
