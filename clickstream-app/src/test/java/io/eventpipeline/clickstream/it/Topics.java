package io.eventpipeline.clickstream.it;

import io.eventpipeline.core.topic.GroupProgress;
import io.eventpipeline.localkafka.LocalKafkaBroker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
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
        Map<String, Object> client = Map.of("bootstrap.servers", broker.bootstrapServers());
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (GroupProgress.lag(client, group, topic) > 0) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + TIMEOUT.toSeconds() + " s waiting for " + group + " to consume " + topic);
            }
            LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
        }
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
