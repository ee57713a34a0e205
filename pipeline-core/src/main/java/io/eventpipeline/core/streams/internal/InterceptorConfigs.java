package io.eventpipeline.core.streams.internal;

import io.eventpipeline.core.metrics.TrafficCounter;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;

/** The streams settings that install the interceptors on the main consumer and the producer. */
public final class InterceptorConfigs {

    private InterceptorConfigs() {
    }

    /** Settings to add to a Kafka Streams config for an app with the given application id. */
    public static Map<String, Object> forStreams(String applicationId, TrafficCounter counter) {
        String prefix = applicationId + "-";
        return Map.of(
                StreamsConfig.mainConsumerPrefix(ConsumerConfig.INTERCEPTOR_CLASSES_CONFIG), InboundInterceptor.class.getName(),
                StreamsConfig.mainConsumerPrefix(InterceptorSettings.COUNTER), counter,
                StreamsConfig.mainConsumerPrefix(InterceptorSettings.INTERNAL_PREFIX), prefix,
                StreamsConfig.producerPrefix(ProducerConfig.INTERCEPTOR_CLASSES_CONFIG), OutboundInterceptor.class.getName(),
                StreamsConfig.producerPrefix(InterceptorSettings.COUNTER), counter,
                StreamsConfig.producerPrefix(InterceptorSettings.INTERNAL_PREFIX), prefix);
    }
}
