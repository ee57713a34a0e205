package io.eventpipeline.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Plain Kafka clients for integration tests: write raw records, and read a topic until a condition holds. */
public final class KafkaProbe {

    private KafkaProbe() {
    }

    /** Writes string records (key, value) to {@code topic} and waits for all acknowledgements. */
    public static void produceStrings(String bootstrap, String topic, List<String[]> keyValues) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        AtomicReference<Exception> failure = new AtomicReference<>();
        try (var producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            for (String[] kv : keyValues) {
                producer.send(new ProducerRecord<>(topic, kv[0], kv[1]), (metadata, e) -> {
                    if (e != null) {
                        failure.compareAndSet(null, e);
                    }
                });
            }
            producer.flush();
        }
        if (failure.get() != null) {
            // A test's input must be complete, or what it then checks says nothing.
            throw new IllegalStateException("could not produce every record to " + topic, failure.get());
        }
    }

    /** Whether {@code group} has committed offsets at the end of every partition of {@code topic}. */
    public static boolean committedToEnd(String bootstrap, String group, String topic) {
        return io.eventpipeline.core.topic.GroupProgress.lag(Map.of("bootstrap.servers", bootstrap), group, topic) == 0;
    }

    /**
     * Reads {@code topic} from the start with read_committed until {@code done} holds for everything read so
     * far, then returns it; fails with {@code what} and what was read if that does not happen within
     * {@code timeout}.
     */
    public static <K, V> List<ConsumerRecord<K, V>> readUntil(String bootstrap, String topic, Deserializer<K> keys,
                                                             Deserializer<V> values, Duration timeout,
                                                             Predicate<List<ConsumerRecord<K, V>>> done, String what) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<ConsumerRecord<K, V>> seen = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(props, keys, values)) {
            var partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(p -> new org.apache.kafka.common.TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
                if (done.test(seen)) {
                    return seen;
                }
            }
        }
        throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for " + what + " on " + topic
                + "; read " + seen.size() + " records");
    }
}
