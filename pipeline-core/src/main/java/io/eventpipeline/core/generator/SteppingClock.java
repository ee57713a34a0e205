package io.eventpipeline.core.generator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A clock that moves forward by a fixed step at every reading: event time for generating a backlog (a
 * benchmark's preload, a test's replay) that spans realistic time however fast it is made. Thread-safe.
 */
public final class SteppingClock extends Clock {

    private final Instant start;
    private final long stepNanos;
    private final AtomicLong readings = new AtomicLong();

    public SteppingClock(Instant start, Duration step) {
        this.start = start;
        this.stepNanos = step.toNanos();
    }

    @Override
    public Instant instant() {
        return start.plusNanos(stepNanos * readings.getAndIncrement());
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
