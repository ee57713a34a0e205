package io.eventpipeline.core.topic;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
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
        return read(group, " on " + topic, () -> lag(admin, List.of(topic), committed(admin, group)));
    }

    /**
     * Records not yet committed by {@code group} on every topic it has committed offsets on: for a Kafka
     * Streams app, its inputs and its repartition topics, so work still queued between sub-topologies counts.
     * A transactional topic's commit markers take offsets too: a partition whose writer is still committing
     * can show a lag of a marker or so even when every record was read.
     */
    public static long totalLag(Admin admin, String group) {
        return read(group, "", () -> {
            Map<TopicPartition, OffsetAndMetadata> committed = committed(admin, group);
            List<String> topics = committed.keySet().stream().map(TopicPartition::topic).distinct().toList();
            return topics.isEmpty() ? 0 : lag(admin, topics, committed);
        });
    }

    /** A lag read through the admin client's futures. */
    private interface LagRead {
        long get() throws InterruptedException, ExecutionException;
    }

    /** Runs {@code read}, its failures as {@link IllegalStateException}s naming the group ({@code where}: which topic). */
    private static long read(String group, String where, LagRead read) {
        try {
            return read.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the offsets of " + group, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot read the offsets of " + group + where, e.getCause());
        }
    }

    private static Map<TopicPartition, OffsetAndMetadata> committed(Admin admin, String group)
            throws InterruptedException, ExecutionException {
        return admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
    }

    /** Summed over every partition of {@code topics}; a partition without a commit counts from its start. */
    private static long lag(Admin admin, List<String> topics, Map<TopicPartition, OffsetAndMetadata> committed)
            throws InterruptedException, ExecutionException {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
        admin.describeTopics(topics).allTopicNames().get().forEach((topic, description) -> description.partitions().forEach(p -> {
            latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest());
            earliest.put(new TopicPartition(topic, p.partition()), OffsetSpec.earliest());
        }));
        var ends = admin.listOffsets(latest).all().get();
        var starts = admin.listOffsets(earliest).all().get();
        long lag = 0;
        for (var end : ends.entrySet()) {
            var done = committed.get(end.getKey());
            long from = done != null ? done.offset() : starts.get(end.getKey()).offset();
            lag += Math.max(0, end.getValue().offset() - from);
        }
        return lag;
    }
}
