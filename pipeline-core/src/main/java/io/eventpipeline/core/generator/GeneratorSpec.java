package io.eventpipeline.core.generator;

import java.time.Duration;
import java.util.Objects;

/**
 * How much to generate and how fast.
 *
 * @param name the generator's name, e.g. {@code clickstream}; in progress lines and metrics
 * @param ratePerSecond target events per second; 0 means as fast as the sink accepts
 * @param count stop after this many events; 0 means no limit
 * @param duration stop after this long; {@code null} means no limit
 * @param seed seeds the random source, so the same spec yields the same events
 */
public record GeneratorSpec(String name, long ratePerSecond, long count, Duration duration, long seed) {

    public GeneratorSpec {
        Objects.requireNonNull(name, "name");
        if (ratePerSecond < 0) {
            throw new IllegalArgumentException("rate must not be negative, was " + ratePerSecond);
        }
        if (count < 0) {
            throw new IllegalArgumentException("count must not be negative, was " + count);
        }
        if (duration != null && (duration.isNegative() || duration.isZero())) {
            throw new IllegalArgumentException("duration must be positive, was " + duration);
        }
    }

    /** Unlimited events at {@code ratePerSecond}, seed 42. */
    public static GeneratorSpec of(String name, long ratePerSecond) {
        return new GeneratorSpec(name, ratePerSecond, 0, null, 42);
    }

    public GeneratorSpec withCount(long events) {
        return new GeneratorSpec(name, ratePerSecond, events, duration, seed);
    }

    public GeneratorSpec withDuration(Duration limit) {
        return new GeneratorSpec(name, ratePerSecond, count, limit, seed);
    }

    public GeneratorSpec withSeed(long newSeed) {
        return new GeneratorSpec(name, ratePerSecond, count, duration, newSeed);
    }
}
