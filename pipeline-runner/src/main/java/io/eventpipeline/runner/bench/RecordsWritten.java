package io.eventpipeline.runner.bench;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;

/**
 * What an app's producers have written per topic, read off the Kafka clients' per-topic
 * {@code record-send-total}, and by kind of topic: changelogs (every state store write), repartition topics
 * (records handed between sub-topologies) and everything else (outputs, dead letters). Per input event, this
 * is what the broker and the producer pay for beside the event itself.
 *
 * @param byTopic records sent per topic, every producer's summed
 */
record RecordsWritten(Map<String, Double> byTopic) {

    static final String GROUP = "producer-topic-metrics";
    static final String NAME = "record-send-total";

    RecordsWritten {
        byTopic = Map.copyOf(byTopic);
    }

    /** Sums every producer's per-topic send count in {@code metrics} (a Kafka Streams client's, say). */
    static RecordsWritten of(Map<MetricName, ? extends Metric> metrics) {
        Map<String, Double> byTopic = new TreeMap<>();
        for (Map.Entry<MetricName, ? extends Metric> e : metrics.entrySet()) {
            MetricName name = e.getKey();
            String topic = name.tags().get("topic");
            if (GROUP.equals(name.group()) && NAME.equals(name.name()) && topic != null
                    && e.getValue().metricValue() instanceof Number n) {
                byTopic.merge(topic, n.doubleValue(), Double::sum);
            }
        }
        return new RecordsWritten(byTopic);
    }

    double changelog() {
        return sum(Kind.CHANGELOG);
    }

    double repartition() {
        return sum(Kind.REPARTITION);
    }

    double other() {
        return sum(Kind.OTHER);
    }

    /** {@code "2.10 changelog + 0.35 repartition + 0.01 other = 2.46"} records per one of {@code events}. */
    String perEvent(long events) {
        double e = Math.max(1, events);
        double changelog = changelog();
        double repartition = repartition();
        double other = other();
        return String.format(Locale.ROOT, "%.2f changelog + %.2f repartition + %.2f other = %.2f",
                changelog / e, repartition / e, other / e, (changelog + repartition + other) / e);
    }

    /** The topics written at least {@code share} records per one of {@code events}, most written first. */
    List<Map.Entry<String, Double>> topicsPerEvent(long events, double share) {
        double e = Math.max(1, events);
        return byTopic.entrySet().stream()
                .map(t -> Map.entry(t.getKey(), t.getValue() / e))
                .filter(t -> t.getValue() >= share)
                .sorted(Map.Entry.<String, Double>comparingByValue(Comparator.reverseOrder()).thenComparing(Map.Entry.comparingByKey()))
                .toList();
    }

    private double sum(Kind kind) {
        return byTopic.entrySet().stream().filter(t -> Kind.of(t.getKey()) == kind).mapToDouble(Map.Entry::getValue).sum();
    }

    private enum Kind {
        CHANGELOG, REPARTITION, OTHER;

        static Kind of(String topic) {
            return topic.endsWith("-changelog") ? CHANGELOG : topic.endsWith("-repartition") ? REPARTITION : OTHER;
        }
    }
}
