package io.eventpipeline.core.reactive.internal;

import io.eventpipeline.core.errors.DeadLetterReason;
import io.eventpipeline.core.errors.DeadLetterRecords;
import io.eventpipeline.core.reactive.EventSource;
import io.eventpipeline.core.reactive.Inbound;
import io.eventpipeline.core.reactive.SourceOptions;
import io.eventpipeline.core.topic.Topic;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.kafka.receiver.KafkaReceiver;
import reactor.kafka.receiver.ReceiverOptions;
import reactor.kafka.receiver.ReceiverRecord;
import reactor.kafka.sender.KafkaSender;
import reactor.kafka.sender.SenderOptions;
import reactor.kafka.sender.SenderRecord;

/**
 * {@link EventSource} over a Reactor Kafka receiver. Records are read as bytes and decoded here, so a
 * record that fails to decode can be sent to the dead-letter topic as it was received.
 */
public final class ReactorKafkaSource<K, V> implements EventSource<K, V> {

    private final Topic<K, V> topic;
    private final List<String> topicNames;
    private final SourceOptions options;
    private final Map<String, Object> clientProperties;

    public ReactorKafkaSource(Map<String, Object> clientProperties, Topic<K, V> topic, SourceOptions options) {
        this(clientProperties, topic, List.of(topic.name()), options);
    }

    /** One consumer for several topics of one type: {@code topic} gives the serdes, {@code topicNames} the subscription. */
    public ReactorKafkaSource(Map<String, Object> clientProperties, Topic<K, V> topic, List<String> topicNames,
                              SourceOptions options) {
        this.clientProperties = Map.copyOf(clientProperties);
        this.topic = topic;
        this.topicNames = List.copyOf(topicNames);
        this.options = options;
    }

    @Override
    public Flux<Inbound<K, V>> receive() {
        KafkaReceiver<byte[], byte[]> receiver = KafkaReceiver.create(receiverOptions());
        AtomicBoolean binding = new AtomicBoolean();
        AtomicReference<KafkaClientMetrics> clientMetrics = new AtomicReference<>();
        return Flux.using(this::deadLetterSender,
                deadLetters -> receiver.receive()
                        .doOnNext(first -> {
                            if (options.registry() != null && binding.compareAndSet(false, true)) {
                                bindClientMetrics(receiver, clientMetrics);
                            }
                        })
                        .concatMap(record -> decode(record, deadLetters), 256),
                KafkaSender::close)
                .doFinally(signal -> {
                    KafkaClientMetrics metrics = clientMetrics.getAndSet(null);
                    if (metrics != null) {
                        metrics.close();
                    }
                });
    }

    /**
     * Binds the consumer's metrics; called once the consumer has delivered a record, so it exists. Runs on
     * Reactor Kafka's publishing thread, which must not block: the binding completes asynchronously.
     */
    private void bindClientMetrics(KafkaReceiver<byte[], byte[]> receiver, AtomicReference<KafkaClientMetrics> bound) {
        receiver.doOnConsumer(KafkaClientMetrics::new).subscribe(metrics -> {
            metrics.bindTo(options.registry());
            bound.set(metrics);
        });
    }

    private ReceiverOptions<byte[], byte[]> receiverOptions() {
        Map<String, Object> props = new HashMap<>(clientProperties);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, options.groupId());
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, options.groupId() + "-" + (topicNames.size() == 1 ? topic.name() : "topics"));
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, options.fromEarliest() ? "earliest" : "latest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        return ReceiverOptions.<byte[], byte[]>create(props)
                .withKeyDeserializer(new ByteArrayDeserializer())
                .withValueDeserializer(new ByteArrayDeserializer())
                .commitInterval(options.commitInterval())
                .closeTimeout(java.time.Duration.ofSeconds(10))
                .subscription(topicNames);
    }

    private KafkaSender<byte[], byte[]> deadLetterSender() {
        Map<String, Object> props = new HashMap<>(clientProperties);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, options.groupId() + "-dlq");
        return KafkaSender.create(SenderOptions.<byte[], byte[]>create(props)
                .withKeySerializer(new ByteArraySerializer())
                .withValueSerializer(new ByteArraySerializer())
                .closeTimeout(ReactorKafkaSink.CLOSE_TIMEOUT));
    }

    /** The decoded event, or, for a bad record, an empty result once its dead letter is safely written. */
    private Mono<Inbound<K, V>> decode(ReceiverRecord<byte[], byte[]> record, KafkaSender<byte[], byte[]> deadLetters) {
        options.traffic().recordIn(record.topic(), 1);
        K key;
        V value;
        try {
            key = topic.keySerde().deserializer().deserialize(record.topic(), record.headers(), record.key());
            value = topic.valueSerde().deserializer().deserialize(record.topic(), record.headers(), record.value());
        } catch (RuntimeException e) {
            return toDeadLetter(record, e, deadLetters);
        }
        var offset = record.receiverOffset();
        return Mono.just(new Inbound<>(record.topic(), record.partition(), record.offset(), record.timestamp(),
                key, value, record.headers(), new Inbound.Acknowledgement() {
                    @Override
                    public void acknowledge() {
                        offset.acknowledge();
                    }

                    @Override
                    public Mono<Void> commit() {
                        return offset.commit();
                    }
                }));
    }

    private Mono<Inbound<K, V>> toDeadLetter(ReceiverRecord<byte[], byte[]> record, RuntimeException error,
                                             KafkaSender<byte[], byte[]> deadLetters) {
        DeadLetterReason reason = DeadLetterReason.ofDeserialization(error);
        var deadLetter = DeadLetterRecords.of(options.deadLetterTopic(), options.app(), reason, error,
                record.topic(), record.partition(), record.offset(), record.timestamp(), record.key(),
                record.value(), record.headers());
        return deadLetters.send(Mono.just(SenderRecord.create(deadLetter, null)))
                .next()
                .flatMap(result -> {
                    if (result.exception() != null) {
                        // Never acknowledge a bad record whose dead letter was not written: fail instead.
                        return Mono.error(new IllegalStateException("cannot write dead letter for " + record.topic()
                                + "/" + record.partition() + "/" + record.offset(), result.exception()));
                    }
                    options.deadLetters().increment(options.app(), reason);
                    record.receiverOffset().acknowledge();
                    return Mono.<Inbound<K, V>>empty();
                });
    }
}
