package io.eventpipeline.localkafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Bounded waits on a broker's topics for integration tests: read a topic until a condition holds, wait
 * until a consumer group has committed to the end of a topic, or a given number of its offsets. Each wait fails with a message saying what
 * it waited for and what it saw.
 */
public final class TopicProbe {

    private final String bootstrapServers;
    private final Duration timeout;

    public TopicProbe(LocalKafkaBroker broker, Duration timeout) {
        this(broker.bootstrapServers(), timeout);
    }

    /** A probe of any broker, at {@code bootstrapServers} (one in a container, say). */
    public TopicProbe(String bootstrapServers, Duration timeout) {
        this.bootstrapServers = bootstrapServers;
        this.timeout = timeout;
    }

    /**
     * Reads {@code topic} from the beginning (committed records only) until {@code done} holds for all
     * records read so far, and returns them.
     *
     * @throws AssertionError after the timeout
     */
    public List<ConsumerRecord<byte[], byte[]>> readUntil(String topic, Predicate<List<ConsumerRecord<byte[], byte[]>>> done,
                                                         String what) {
        List<ConsumerRecord<byte[], byte[]>> seen = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = fromStart(topic)) {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(250)).forEach(seen::add);
                if (done.test(seen)) {
                    return seen;
                }
            }
        }
        throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for " + what + " on " + topic
                + " (read " + seen.size() + " records)");
    }

    /** Reads {@code topic} from the beginning up to its end as of now (committed records only). */
    public List<ConsumerRecord<byte[], byte[]>> readAll(String topic) {
        List<ConsumerRecord<byte[], byte[]>> seen = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = fromStart(topic)) {
            List<TopicPartition> partitions = new ArrayList<>(consumer.assignment());
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("timed out after " + timeout.toSeconds() + " s reading " + topic
                            + " to its end (read " + seen.size() + " records)");
                }
                consumer.poll(Duration.ofMillis(250)).forEach(seen::add);
            }
        }
        return seen;
    }

    /** A consumer of every partition of {@code topic}, at its beginning, reading committed records only. */
    private KafkaConsumer<byte[], byte[]> fromStart(String topic) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        return consumer;
    }

    /**
     * Waits until {@code group} has committed offsets at the end of every partition of {@code topic}.
     *
     * @throws AssertionError after the timeout
     */
    public void awaitConsumed(String group, String topic) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Admin admin = Admin.create(LocalKafkaBroker.adminProperties(bootstrapServers))) {
            long lag;
            while ((lag = lag(admin, group, topic)) > 0) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for " + group
                            + " to consume " + topic + " (lag " + lag + ")");
                }
                LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
            }
        }
    }

    /** Offsets of {@code topic} that {@code group} has committed, summed over its partitions. */
    public long committed(String group, String topic) {
        try (Admin admin = Admin.create(LocalKafkaBroker.adminProperties(bootstrapServers))) {
            return committed(admin, group, topic);
        }
    }

    /**
     * Waits until {@code group} has committed at least {@code records} offsets of {@code topic}: a process
     * working through a backlog has got that far.
     *
     * @throws AssertionError after the timeout
     */
    public void awaitCommitted(String group, String topic, long records) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Admin admin = Admin.create(LocalKafkaBroker.adminProperties(bootstrapServers))) {
            long committed;
            while ((committed = committed(admin, group, topic)) < records) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for " + group
                            + " to commit " + records + " offsets of " + topic + " (at " + committed + ")");
                }
                LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
            }
        }
    }

    private static long committed(Admin admin, String group, String topic) {
        try {
            return admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS)
                    .entrySet().stream().filter(e -> e.getKey().topic().equals(topic) && e.getValue() != null)
                    .mapToLong(e -> e.getValue().offset()).sum();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new AssertionError("could not read the progress of " + group + " on " + topic, e);
        }
    }

    private static long lag(Admin admin, String group, String topic) {
        try {
            List<TopicPartition> partitions = admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS)
                    .get(topic).partitions().stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(
                    partitions.stream().collect(java.util.stream.Collectors.toMap(p -> p, p -> OffsetSpec.latest())))
                    .all().get(30, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
            long lag = 0;
            for (TopicPartition partition : partitions) {
                OffsetAndMetadata offset = committed.get(partition);
                lag += ends.get(partition).offset() - (offset == null ? 0 : offset.offset());
            }
            return lag;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new AssertionError("could not read the progress of " + group + " on " + topic, e);
        }
    }
}
