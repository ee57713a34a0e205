package io.eventpipeline.core.topic;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

/** How far a consumer group has got through a topic, from its committed offsets. */
public final class GroupProgress {

    private GroupProgress() {
    }

    /**
     * Records of {@code topic} not yet committed by {@code group}: its lag, summed over partitions
     * (a partition without a commit counts from its start).
     */
    public static long lag(Map<String, Object> clientProperties, String group, String topic) {
        try (Admin admin = Admin.create(clientProperties)) {
            return lag(admin, group, topic);
        }
    }

    /**
     * The same through an admin client the caller keeps: for polling, since each admin client is a
     * thread and a round of metadata requests.
     */
    public static long lag(Admin admin, String group, String topic) {
        try {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
            admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().forEach(p -> {
                latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest());
                earliest.put(new TopicPartition(topic, p.partition()), OffsetSpec.earliest());
            });
            var ends = admin.listOffsets(latest).all().get();
            var starts = admin.listOffsets(earliest).all().get();
            Map<TopicPartition, org.apache.kafka.clients.consumer.OffsetAndMetadata> committed =
                    admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
            long lag = 0;
            for (var end : ends.entrySet()) {
                var done = committed.get(end.getKey());
                long from = done != null ? done.offset() : starts.get(end.getKey()).offset();
                lag += Math.max(0, end.getValue().offset() - from);
            }
            return lag;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the offsets of " + group, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot read the offsets of " + group + " on " + topic, e.getCause());
        }
    }
}
