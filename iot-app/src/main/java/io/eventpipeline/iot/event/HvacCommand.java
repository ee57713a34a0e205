package io.eventpipeline.iot.event;

import io.eventpipeline.core.event.Validating;
import java.time.Instant;

/**
 * A command to a room's HVAC, the value of {@code iot.hvac-commands} (key: roomId), sent only when the
 * room's mode changes.
 *
 * <pre>{@code {"commandId":"hq:r-101@2026-11-22T10:15:30Z#HEAT","roomId":"hq:r-101","mode":"HEAT","target":21.0,
 *  "temperature":19.6,"timestamp":"2026-11-22T10:15:30Z"}}</pre>
 *
 * @param commandId deterministic: the same decision yields the same id, so devices can dedupe
 * @param roomId {@code <siteId>:<room>}
 * @param mode what to do
 * @param target the setpoint to reach (°C)
 * @param temperature the room's average temperature that led to the decision (°C)
 * @param timestamp event time of the reading that led to it
 */
public record HvacCommand(String commandId, String roomId, HvacMode mode, double target, double temperature,
                          Instant timestamp) implements Validating {

    @Override
    public void validate() {
        Validating.requireText("commandId", commandId);
        Validating.requireText("roomId", roomId);
        Validating.requirePresent("mode", mode);
        Validating.requirePresent("timestamp", timestamp);
    }
}
