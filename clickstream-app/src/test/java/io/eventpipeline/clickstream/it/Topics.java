package io.eventpipeline.clickstream.it;

import io.eventpipeline.clickstream.ClickstreamTopics;
import io.eventpipeline.localkafka.LocalKafkaBroker;
import io.eventpipeline.localkafka.TopicProbe;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Reads a topic from the start, committed records only, until a condition holds, with a bound. */
final class Topics {

    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    private Topics() {
    }

    /** Waits until {@code group} has committed offsets at the end of every partition of {@code topic}. */
    static void awaitConsumed(LocalKafkaBroker broker, String group, String topic) {
        new TopicProbe(broker, TIMEOUT).awaitConsumed(group, topic);
    }

    /** Waits until {@code group} has committed at least {@code records} offsets of the input. */
    static void awaitCommitted(LocalKafkaBroker broker, String group, long records) {
        new TopicProbe(broker, TIMEOUT).awaitCommitted(group, ClickstreamTopics.EVENTS.name(), records);
    }

    /** Offsets of the input {@code group} has committed. */
    static long committed(LocalKafkaBroker broker, String group) {
        return new TopicProbe(broker, TIMEOUT).committed(group, ClickstreamTopics.EVENTS.name());
    }

    static List<ConsumerRecord<byte[], byte[]>> readUntil(LocalKafkaBroker broker, String topic,
                                                         Predicate<List<ConsumerRecord<byte[], byte[]>>> done, String what) {
        return new TopicProbe(broker, TIMEOUT).readUntil(topic, done, what);
    }
}
