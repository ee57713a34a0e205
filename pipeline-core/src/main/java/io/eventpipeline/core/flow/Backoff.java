package io.eventpipeline.core.flow;

import java.time.Duration;

/**
 * How long to wait before attempt {@code n + 1} after attempt {@code n} timed out:
 * {@code min(max, initial * multiplier^(n - 1))}.
 */
public record Backoff(Duration initial, double multiplier, Duration max) {

    public Backoff {
        if (initial.isNegative() || max.compareTo(initial) < 0 || multiplier < 1) {
            throw new IllegalArgumentException("backoff needs 0 <= initial <= max and multiplier >= 1: " + initial + ", "
                    + multiplier + ", " + max);
        }
    }

    /** Retry at once. */
    public static Backoff none() {
        return new Backoff(Duration.ZERO, 1, Duration.ZERO);
    }

    /** Doubling from {@code initial} up to {@code max}. */
    public static Backoff exponential(Duration initial, Duration max) {
        return new Backoff(initial, 2, max);
    }

    /** The wait after attempt {@code attempt} (1 for the first) failed. */
    public Duration after(int attempt) {
        double millis = initial.toMillis() * Math.pow(multiplier, Math.max(0, attempt - 1));
        return millis >= max.toMillis() ? max : Duration.ofMillis((long) millis);
    }
}
