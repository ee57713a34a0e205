package io.eventpipeline.clickstream.it;

import io.eventpipeline.localkafka.LocalKafkaBroker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import java.util.Properties;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Reads a topic from the start, committed records only, until a condition holds, with a bound. */
final class Topics {

    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    private Topics() {
    }

    /** Waits until {@code group} has committed offsets at the end of every partition of {@code topic}. */
    static void awaitConsumed(LocalKafkaBroker broker, String group, String topic) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        try (Admin admin = Admin.create(broker.adminProperties())) {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions()
                    .forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
            var ends = admin.listOffsets(latest).all().get();
            while (System.nanoTime() < deadline) {
                var committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
                boolean done = ends.entrySet().stream().allMatch(e -> committed.get(e.getKey()) != null
                        && committed.get(e.getKey()).offset() >= e.getValue().offset());
                if (done) {
                    return;
                }
                LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        } catch (ExecutionException e) {
            throw new AssertionError("cannot read offsets of " + group, e);
        }
        throw new AssertionError("timed out after " + TIMEOUT.toSeconds() + " s waiting for " + group + " to consume " + topic);
    }

    static List<ConsumerRecord<byte[], byte[]>> readUntil(LocalKafkaBroker broker, String topic,
                                                         Predicate<List<ConsumerRecord<byte[], byte[]>>> done, String what) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<ConsumerRecord<byte[], byte[]>> seen = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(250)).forEach(seen::add);
                if (done.test(seen)) {
                    return seen;
                }
            }
        }
        throw new AssertionError("timed out after " + TIMEOUT.toSeconds() + " s waiting for " + what + " on " + topic
                + " (read " + seen.size() + " records)");
    }
}
