package io.eventpipeline.iot.topology;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Summary statistics of a set of values, mergeable (so partial statistics from several tasks add up to
 * those of the whole). Standard deviation is the population one.
 *
 * @param count values
 * @param sum their sum
 * @param sumOfSquares the sum of their squares
 * @param min the smallest, {@code +Infinity} when empty
 * @param max the largest, {@code -Infinity} when empty
 */
public record Stats(long count, double sum, double sumOfSquares, double min, double max) {

    public static Stats empty() {
        return new Stats(0, 0, 0, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY);
    }

    public Stats add(double value) {
        return new Stats(count + 1, sum + value, sumOfSquares + value * value, Math.min(min, value), Math.max(max, value));
    }

    public Stats plus(Stats other) {
        return new Stats(count + other.count, sum + other.sum, sumOfSquares + other.sumOfSquares,
                Math.min(min, other.min), Math.max(max, other.max));
    }

    @JsonIgnore
    public double mean() {
        return count == 0 ? Double.NaN : sum / count;
    }

    @JsonIgnore
    public double stddev() {
        if (count == 0) {
            return Double.NaN;
        }
        double mean = mean();
        return Math.sqrt(Math.max(0.0, sumOfSquares / count - mean * mean));
    }

    /** The published form: count, min, max, mean, stddev (rounded to 4 decimals). */
    public Map<String, Object> summary() {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("count", count);
        data.put("min", round(min));
        data.put("max", round(max));
        data.put("mean", round(mean()));
        data.put("stddev", round(stddev()));
        return data;
    }

    static double round(double value) {
        return Math.round(value * 10_000.0) / 10_000.0;
    }
}
