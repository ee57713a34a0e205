package io.eventpipeline.core.reactive.internal;

import io.eventpipeline.core.reactive.EventSink;
import io.eventpipeline.core.reactive.Inbound;
import io.eventpipeline.core.reactive.Outbound;
import io.eventpipeline.core.reactive.SendResult;
import io.eventpipeline.core.reactive.SinkOptions;
import io.eventpipeline.core.topic.Topic;
import io.eventpipeline.core.trace.TraceContext;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.reactivestreams.Publisher;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import reactor.core.publisher.Flux;
import reactor.kafka.sender.KafkaSender;
import reactor.kafka.sender.SenderOptions;
import reactor.kafka.sender.SenderRecord;
import reactor.kafka.sender.SenderResult;

/** {@link EventSink} over a Reactor Kafka sender. */
public final class ReactorKafkaSink<K, V> implements EventSink<K, V> {

    /** How long closing waits for records in flight before giving up on them. */
    static final java.time.Duration CLOSE_TIMEOUT = java.time.Duration.ofSeconds(10);

    private final Topic<K, V> topic;
    private final KafkaSender<K, V> sender;
    private final SinkOptions options;
    private final KafkaClientMetrics clientMetrics;

    public ReactorKafkaSink(Map<String, Object> clientProperties, Topic<K, V> topic, SinkOptions options) {
        this.topic = topic;
        this.options = options;
        this.sender = KafkaSender.create(SenderOptions.<K, V>create(producerProperties(clientProperties, options))
                .withKeySerializer(topic.keySerde().serializer())
                .withValueSerializer(topic.valueSerde().serializer())
                .maxInFlight(options.maxInFlight())
                .stopOnError(false)
                .closeTimeout(CLOSE_TIMEOUT));
        this.clientMetrics = options.registry() == null ? null
                : sender.doOnProducer(producer -> new KafkaClientMetrics(producer)).block();
        if (clientMetrics != null) {
            clientMetrics.bindTo(options.registry());
        }
    }

    /**
     * The producer settings of a sink: idempotent, acks=all, snappy, 5 ms linger, over the client settings. Snappy
     * as in the apps' producers ({@code StreamsSettings}): Kafka's lz4 stream allocates 128 KiB for every batch.
     */
    public static Map<String, Object> producerProperties(Map<String, Object> clientProperties, SinkOptions options) {
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 128 * 1024);
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "snappy");
        props.putAll(clientProperties);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, options.clientId());
        return props;
    }

    @Override
    public Flux<SendResult<K, V>> send(Publisher<Outbound<K, V>> records) {
        return sender.send(Flux.from(records).map(this::toSenderRecord)).map(this::toResult);
    }

    @Override
    public String topic() {
        return topic.name();
    }

    @Override
    public void close() {
        if (clientMetrics != null) {
            clientMetrics.close();
        }
        sender.close();
    }

    private SenderRecord<K, V, Outbound<K, V>> toSenderRecord(Outbound<K, V> outbound) {
        RecordHeaders headers = new RecordHeaders();
        Inbound<?, ?> cause = outbound.cause();
        if (cause == null) {
            TraceContext.newTrace().writeTo(headers);
        } else {
            cause.trace().map(TraceContext::child).orElseGet(TraceContext::newTrace).writeTo(headers);
            TraceContext.writeCausation(headers, cause.topic(), cause.partition(), cause.offset());
        }
        ProducerRecord<K, V> record = new ProducerRecord<>(topic.name(), null, outbound.timestamp(), outbound.key(),
                outbound.value(), headers);
        return SenderRecord.create(record, outbound);
    }

    private SendResult<K, V> toResult(SenderResult<Outbound<K, V>> result) {
        RecordMetadata metadata = result.recordMetadata();
        if (result.exception() == null) {
            options.traffic().recordOut(topic.name(), 1);
        }
        return new SendResult<>(result.correlationMetadata(), topic.name(),
                metadata == null ? -1 : metadata.partition(), metadata == null ? -1 : metadata.offset(),
                result.exception());
    }
}
