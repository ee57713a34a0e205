package io.eventpipeline.runner.bench;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;

/**
 * How each Kafka Streams thread spent its recent time, read off its {@code stream-thread-metrics}: commits
 * per second and how long one took, and the same for punctuations. Output of an exactly-once app becomes
 * visible only when its transaction commits, so an output's latency is about the time between commits plus
 * one commit. Kafka Streams keeps these as rates and averages over its last two sample windows
 * ({@code metrics.sample.window.ms}, 30 s by default): read after a phase of a minute or less, they describe
 * that phase.
 *
 * @param byThread each thread's figures, by thread id
 */
record ThreadTimes(Map<String, Times> byThread) {

    static final String GROUP = "stream-thread-metrics";

    ThreadTimes {
        byThread = Map.copyOf(byThread);
    }

    /**
     * One thread's figures.
     *
     * @param commitsPerSecond commit rate
     * @param commitMs average commit time
     * @param commitMaxMs longest commit
     * @param punctuationsPerSecond punctuation rate
     * @param punctuateMs average punctuation time
     * @param punctuateMaxMs longest punctuation
     */
    record Times(double commitsPerSecond, double commitMs, double commitMaxMs,
                 double punctuationsPerSecond, double punctuateMs, double punctuateMaxMs) {

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%.1f commits/s, %.1f ms each (max %.0f); %.1f punctuations/s, %.1f ms each (max %.0f)",
                    commitsPerSecond, commitMs, commitMaxMs, punctuationsPerSecond, punctuateMs, punctuateMaxMs);
        }
    }

    /** Each stream thread's figures in {@code metrics} (a Kafka Streams client's); a figure not yet measured is 0. */
    static ThreadTimes of(Map<MetricName, ? extends Metric> metrics) {
        Map<String, Map<String, Double>> values = new TreeMap<>();
        for (Map.Entry<MetricName, ? extends Metric> e : metrics.entrySet()) {
            MetricName name = e.getKey();
            String thread = name.tags().get("thread-id");
            if (GROUP.equals(name.group()) && thread != null && e.getValue().metricValue() instanceof Number n) {
                double value = n.doubleValue();
                values.computeIfAbsent(thread, t -> new TreeMap<>()).put(name.name(), Double.isFinite(value) ? value : 0);
            }
        }
        Map<String, Times> byThread = new TreeMap<>();
        values.forEach((thread, v) -> byThread.put(thread, new Times(
                v.getOrDefault("commit-rate", 0.0), v.getOrDefault("commit-latency-avg", 0.0),
                v.getOrDefault("commit-latency-max", 0.0), v.getOrDefault("punctuate-rate", 0.0),
                v.getOrDefault("punctuate-latency-avg", 0.0), v.getOrDefault("punctuate-latency-max", 0.0))));
        return new ThreadTimes(byThread);
    }
}
