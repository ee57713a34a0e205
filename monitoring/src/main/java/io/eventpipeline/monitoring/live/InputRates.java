package io.eventpipeline.monitoring.live;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Each app's input rate, from the end offsets of its input topic: records appended per second between two
 * looks. It reads nothing but offsets, so it costs the same at any event rate.
 */
final class InputRates {

    private static final Logger LOG = LoggerFactory.getLogger(InputRates.class);
    private static final long TIMEOUT_SECONDS = 5;

    private final Admin admin;
    private final Map<String, String> inputs;
    private final Map<String, Long> lastEnds = new HashMap<>();
    private long lastNanos;

    InputRates(Admin admin, Map<String, String> inputs) {
        this.admin = admin;
        this.inputs = inputs;
    }

    /** Looks at the end offsets now and reports each app's rate since the previous look. */
    void sample(BiConsumer<String, Double> rate) {
        long now = System.nanoTime();
        Map<String, Long> ends = new HashMap<>();
        try {
            Map<String, TopicDescription> topics = admin.describeTopics(List.copyOf(inputs.values())).allTopicNames()
                    .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetSpec> request = new HashMap<>();
            topics.values().forEach(t -> t.partitions().forEach(p -> request.put(new TopicPartition(t.name(), p.partition()),
                    OffsetSpec.latest())));
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> offsets = admin.listOffsets(request).all()
                    .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            offsets.forEach((tp, info) -> ends.merge(tp.topic(), info.offset(), Long::sum));
        } catch (Exception e) {
            // A topic not created yet, or the broker briefly away: try again at the next look.
            LOG.debug("end offsets unavailable: {}", e.toString());
            return;
        }
        if (lastNanos != 0) {
            double seconds = Duration.ofNanos(now - lastNanos).toMillis() / 1000.0;
            inputs.forEach((app, topic) -> {
                Long before = lastEnds.get(topic);
                Long after = ends.get(topic);
                if (before != null && after != null && seconds > 0) {
                    rate.accept(app, Math.max(0, after - before) / seconds);
                }
            });
        }
        lastEnds.putAll(ends);
        lastNanos = now;
    }
}
