package io.eventpipeline.iot.topology;

import java.time.Instant;

/**
 * Where a device's value stands against its band, and the event time of the newest reading that decided it.
 *
 * @param band {@code NORMAL}, {@code HIGH} or {@code LOW}
 * @param since event time of the reading that entered the band
 * @param latest event time of the newest reading seen
 */
public record ThresholdState(Band band, Instant since, Instant latest) {

    /** Where a value stands. */
    public enum Band {
        NORMAL,
        HIGH,
        LOW
    }
}
