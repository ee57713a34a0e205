package io.eventpipeline.core.generator;

import io.eventpipeline.core.topic.Topic;
import java.util.Objects;
import java.util.function.BiConsumer;

/**
 * Events the generated world reacts to: the runner reads {@code topic} while the generator runs (from the
 * topic's end when first started) and hands each record to {@code handler}, on a thread other than the
 * factory's. A simulated building, say, warms its rooms when the app's HVAC commands reach it.
 *
 * @param topic what to read
 * @param handler called with each record's key and value, in partition order; must be thread-safe with
 *                respect to the factory it feeds
 * @param <K> key type
 * @param <V> value type
 */
public record GeneratorFeedback<K, V>(Topic<K, V> topic, BiConsumer<K, V> handler) {

    public GeneratorFeedback {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(handler, "handler");
    }
}
