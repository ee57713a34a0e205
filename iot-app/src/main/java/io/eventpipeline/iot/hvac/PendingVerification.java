package io.eventpipeline.iot.hvac;

import io.eventpipeline.core.flow.FlowCommand;
import java.time.Instant;

/**
 * A room's HVAC command waiting for the room to move the commanded way.
 *
 * @param command the flow's verify command
 * @param baseline the room's temperature (°C) when the verification began
 * @param expiresAt when the flow stops waiting (wall clock); the verification is dropped then
 */
public record PendingVerification(FlowCommand command, double baseline, Instant expiresAt) {
}
