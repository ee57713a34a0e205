package io.eventpipeline.localkafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class LocalKafkaBrokerIT {

    @Test
    void shouldServeOnAFreeLoopbackPortAndStopCleanly() throws Exception {
        LocalKafkaBroker broker = LocalKafkaBroker.start();
        try {
            assertTrue(broker.bootstrapServers().startsWith("127.0.0.1:"), broker.bootstrapServers());
            assertFalse(broker.bootstrapServers().endsWith(":9092"), "must not assume the default port");
            broker.createTopics(Map.of("local-kafka.smoke", 3));
            try (Admin admin = Admin.create(broker.adminProperties())) {
                int partitions = admin.describeTopics(List.of("local-kafka.smoke")).allTopicNames().get()
                        .get("local-kafka.smoke").partitions().size();
                assertEquals(3, partitions);
            }
            assertEquals(List.of("a", "b", "c"), roundTrip(broker, "local-kafka.smoke", List.of("a", "b", "c")));
        } finally {
            broker.close();
        }
        assertFalse(broker.isAlive(), "the broker JVM must be gone after close");
        assertFalse(broker.dataDir().toFile().exists(), "a temporary data directory is removed on close");
    }

    private static List<String> roundTrip(LocalKafkaBroker broker, String topic, List<String> values) {
        Properties producerProps = new Properties();
        producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        try (var producer = new KafkaProducer<>(producerProps, new StringSerializer(), new StringSerializer())) {
            values.forEach(v -> producer.send(new ProducerRecord<>(topic, "same-key", v)));
        }
        Properties consumerProps = new Properties();
        consumerProps.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        consumerProps.put(ConsumerConfig.GROUP_ID_CONFIG, "smoke");
        consumerProps.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<String> seen = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(consumerProps, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (seen.size() < values.size() && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    seen.add(record.value());
                }
            }
        }
        return seen;
    }
}
