package io.eventpipeline.core.reactive;

import io.eventpipeline.core.reactive.internal.ReactorKafkaSink;
import io.eventpipeline.core.reactive.internal.ReactorKafkaSource;
import io.eventpipeline.core.topic.Topic;
import java.util.List;
import java.util.Map;

/**
 * Creates {@link EventSink}s and {@link EventSource}s. The implementation underneath is Reactor Kafka;
 * nothing outside this package sees it, so it can be replaced without touching callers.
 */
public final class ReactiveKafka {

    private ReactiveKafka() {
    }

    /**
     * A sink writing {@code topic} with an idempotent producer ({@code acks=all}).
     *
     * @param clientProperties bootstrap address and any client settings (TLS, SASL)
     */
    public static <K, V> EventSink<K, V> sink(Map<String, Object> clientProperties, Topic<K, V> topic, SinkOptions options) {
        return new ReactorKafkaSink<>(clientProperties, topic, options);
    }

    /**
     * The producer settings every {@link EventSink} uses (idempotent, {@code acks=all}, snappy, 5 ms linger),
     * over {@code clientProperties}; for comparing a sink with a plain producer on equal terms.
     */
    public static Map<String, Object> producerProperties(Map<String, Object> clientProperties, String clientId) {
        return ReactorKafkaSink.producerProperties(clientProperties, SinkOptions.named(clientId));
    }

    /**
     * A source reading {@code topic} in a consumer group, committing manually, reading only committed
     * transactional data, and sending unreadable records to the dead-letter topic.
     *
     * @param clientProperties bootstrap address and any client settings (TLS, SASL)
     */
    public static <K, V> EventSource<K, V> source(Map<String, Object> clientProperties, Topic<K, V> topic,
                                                  SourceOptions options) {
        return new ReactorKafkaSource<>(clientProperties, topic, options);
    }

    /**
     * One consumer reading several topics as raw bytes (an observer of many topics, such as a dashboard,
     * needs one consumer, not one per topic). Guarantees as {@link #source}; raw records never fail to decode.
     */
    public static EventSource<String, byte[]> rawSource(Map<String, Object> clientProperties, List<String> topics,
                                                        SourceOptions options) {
        if (topics.isEmpty()) {
            throw new IllegalArgumentException("no topics");
        }
        return new ReactorKafkaSource<>(clientProperties, Topic.raw(topics.get(0)), topics, options);
    }
}
