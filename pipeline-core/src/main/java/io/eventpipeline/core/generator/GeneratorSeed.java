package io.eventpipeline.core.generator;

import io.eventpipeline.core.reactive.Outbound;
import io.eventpipeline.core.topic.Topic;
import java.util.List;

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
}
