package io.eventpipeline.clickstream.it;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/** A clock that moves forward by a fixed step at every reading: event time that runs faster than wall time. */
final class SteppingClock extends Clock {

    private final Instant start;
    private final long stepMillis;
    private final AtomicLong readings = new AtomicLong();

    SteppingClock(Instant start, Duration step) {
        this.start = start;
        this.stepMillis = step.toMillis();
    }

    @Override
    public Instant instant() {
        return start.plusMillis(stepMillis * readings.getAndIncrement());
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("UTC only");
    }
}
