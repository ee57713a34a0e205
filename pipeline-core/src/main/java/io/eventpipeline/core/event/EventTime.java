package io.eventpipeline.core.event;

import java.time.Instant;

/** An event that says when it happened. Topologies window on this time, not on when Kafka received it. */
public interface EventTime {

    /** When the event happened. */
    Instant eventTime();
}
