package io.eventpipeline.runner.bench;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;

/** A Kafka client's metrics map for tests: each metric a fixed value. */
final class FakeMetrics {

    private final Map<MetricName, Metric> metrics = new HashMap<>();

    /** Adds {@code name} with {@code value} (a number, or anything else a metric may report). */
    FakeMetrics put(MetricName name, Object value) {
        metrics.put(name, new Metric() {
            @Override
            public MetricName metricName() {
                return name;
            }

            @Override
            public Object metricValue() {
                return value;
            }
        });
        return this;
    }

    Map<MetricName, Metric> asMap() {
        return metrics;
    }
}
