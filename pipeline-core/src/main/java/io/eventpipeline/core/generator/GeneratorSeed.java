package io.eventpipeline.core.generator;

import io.eventpipeline.core.reactive.EventSink;
import io.eventpipeline.core.reactive.Outbound;
import io.eventpipeline.core.reactive.ReactiveKafka;
import io.eventpipeline.core.reactive.SinkOptions;
import io.eventpipeline.core.topic.Topic;
import java.util.List;
import java.util.Map;
import reactor.core.publisher.Flux;

/**
 * Records a generator writes once, before its traffic, to a topic other than its own: e.g. the device
 * registry that the readings it makes refer to.
 *
 * @param topic where they go
 * @param records what goes there, in order
 * @param <K> key type
 * @param <V> value type
 */
public record GeneratorSeed<K, V>(Topic<K, V> topic, List<Outbound<K, V>> records) {

    public GeneratorSeed {
        records = List.copyOf(records);
    }

    /**
     * Writes the records through a sink of their own and waits until the broker has them all.
     *
     * @throws IllegalStateException if any record could not be written
     */
    public void writeTo(Map<String, Object> clientProperties) {
        try (EventSink<K, V> sink = ReactiveKafka.sink(clientProperties, topic, SinkOptions.named("seed-" + topic.name()))) {
            long failed = sink.send(Flux.fromIterable(records)).filter(result -> !result.ok()).count().block();
            if (failed > 0) {
                throw new IllegalStateException(failed + " of " + records.size() + " seed records for " + topic.name()
                        + " could not be written");
            }
        }
    }
}
