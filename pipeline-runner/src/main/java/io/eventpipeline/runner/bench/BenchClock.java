package io.eventpipeline.runner.bench;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/** Event time for preloaded traffic: a fixed step per reading, so a backlog spans realistic time. */
final class BenchClock extends Clock {

    private final Instant start;
    private final long stepMicros;
    private final AtomicLong readings = new AtomicLong();

    BenchClock(Instant start, Duration step) {
        this.start = start;
        this.stepMicros = step.toNanos() / 1_000;
    }

    @Override
    public Instant instant() {
        return start.plusNanos(1_000 * stepMicros * readings.getAndIncrement());
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
