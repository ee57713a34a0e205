package io.eventpipeline.core.generator;

import java.util.SplittableRandom;

/**
 * Draws ranks 0..n-1 with Zipf-distributed popularity: rank k has weight {@code 1/(k+1)^exponent}, so a
 * few ranks (users, pages, symbols) take most of the traffic, as in real data. Draws in O(log n) from a
 * precomputed table; immutable and thread-safe.
 */
public final class Zipf {

    private final double[] cumulative;

    /**
     * @param n how many ranks
     * @param exponent skew; 0 is uniform, around 1 is typical of web traffic
     */
    public Zipf(int n, double exponent) {
        if (n < 1) {
            throw new IllegalArgumentException("n must be positive, was " + n);
        }
        if (exponent < 0 || !Double.isFinite(exponent)) {
            throw new IllegalArgumentException("exponent must be a finite number ≥ 0, was " + exponent);
        }
        cumulative = new double[n];
        double sum = 0;
        for (int k = 0; k < n; k++) {
            sum += 1.0 / Math.pow(k + 1, exponent);
            cumulative[k] = sum;
        }
        for (int k = 0; k < n; k++) {
            cumulative[k] /= sum;
        }
    }

    /** How many ranks. */
    public int size() {
        return cumulative.length;
    }

    /** A rank drawn from {@code random}. */
    public int next(SplittableRandom random) {
        double u = random.nextDouble();
        int low = 0;
        int high = cumulative.length - 1;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (cumulative[mid] < u) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }
}
