package io.eventpipeline.core.generator;

import java.util.Locale;
import java.util.concurrent.atomic.LongAdder;

/**
 * Live counters of a generator run, readable from any thread while it runs. {@link #line()} renders the
 * progress line: sent, achieved rate over the last interval, target and errors.
 */
public final class GeneratorProgress {

    private final GeneratorSpec spec;
    private final long startNanos;
    private final LongAdder sent = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private long lastSent;
    private long lastNanos;

    GeneratorProgress(GeneratorSpec spec) {
        this.spec = spec;
        this.startNanos = System.nanoTime();
        this.lastNanos = startNanos;
    }

    void recordSent() {
        sent.increment();
    }

    void recordFailed() {
        failed.increment();
    }

    public long sent() {
        return sent.sum();
    }

    public long failed() {
        return failed.sum();
    }

    /** Nanoseconds since the run started. */
    public long elapsedNanos() {
        return System.nanoTime() - startNanos;
    }

    /**
     * The progress line, e.g. {@code clickstream  sent 120,000  rate 9,998/s (target 10,000/s)  errors 0}.
     * The rate is measured since the previous call.
     */
    public synchronized String line() {
        long now = System.nanoTime();
        long total = sent.sum();
        double seconds = Math.max(1e-9, (now - lastNanos) / 1e9);
        double rate = (total - lastSent) / seconds;
        lastSent = total;
        lastNanos = now;
        String target = spec.ratePerSecond() == 0 ? "max" : String.format(Locale.ROOT, "%,d/s", spec.ratePerSecond());
        return String.format(Locale.ROOT, "%s  sent %,d  rate %,.0f/s (target %s)  errors %,d",
                spec.name(), total, rate, target, failed.sum());
    }
}
