package io.eventpipeline.localkafka;

import java.util.Map;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;

/**
 * Reads Kafka client and Kafka Streams metrics in tests (a {@code TopologyTestDriver}'s or a running app's
 * {@code metrics()}): the sum of one metric over every tag set, such as every task's count of late records.
 */
public final class MetricProbe {

    private MetricProbe() {
    }

    /** The sum of every metric named {@code name} in {@code group}, over all their tags; 0 if there is none. */
    public static double total(Map<MetricName, ? extends Metric> metrics, String group, String name) {
        return metrics.entrySet().stream()
                .filter(m -> m.getKey().name().equals(name) && m.getKey().group().equals(group))
                .mapToDouble(m -> ((Number) m.getValue().metricValue()).doubleValue()).sum();
    }

    /**
     * The total of a sensor a processor added with {@code addRateTotalSensor(scope, entity, sensor, ...)}
     * (group {@code stream-<scope>-metrics}, metric {@code <sensor>-total}), summed over its entities.
     */
    public static double sensorTotal(Map<MetricName, ? extends Metric> metrics, String scope, String sensor) {
        return total(metrics, "stream-" + scope + "-metrics", sensor + "-total");
    }
}
