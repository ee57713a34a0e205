package io.eventpipeline.runner.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Latency samples, in milliseconds, and their percentiles. Thread-safe. */
final class Percentiles {

    private final List<Long> samples = new ArrayList<>();

    synchronized void add(long millis) {
        samples.add(millis);
    }

    synchronized int count() {
        return samples.size();
    }

    /** The {@code p}-th percentile (0 < p ≤ 100) by nearest rank, or -1 without samples. */
    synchronized long percentile(double p) {
        if (samples.isEmpty()) {
            return -1;
        }
        List<Long> sorted = new ArrayList<>(samples);
        Collections.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }
}
