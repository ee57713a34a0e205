package io.eventpipeline.core.generator;

import java.time.Duration;

/**
 * What a generator run did.
 *
 * @param name the generator
 * @param sent events acknowledged by the broker
 * @param failed events the broker finally rejected
 * @param elapsed from first request to last acknowledgement
 */
public record GeneratorReport(String name, long sent, long failed, Duration elapsed) {

    /** Acknowledged events per second over the run. */
    public double ratePerSecond() {
        double seconds = elapsed.toNanos() / 1e9;
        return seconds <= 0 ? 0 : sent / seconds;
    }
}
