package io.eventpipeline.iot.topology;

import io.eventpipeline.iot.event.Reading;
import java.time.Instant;

/**
 * Whether a device is heard from: its newest reading (by event time) and when (wall clock) any reading of
 * it last arrived.
 *
 * @param latest the newest reading
 * @param lastSeen when its last reading arrived (wall clock)
 * @param offline whether an offline alert is in force
 */
public record Liveness(Reading latest, Instant lastSeen, boolean offline) {
}
