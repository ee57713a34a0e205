package io.eventpipeline.core.generator;

import io.eventpipeline.core.topic.Topic;
import java.util.List;
import java.util.Map;

/**
 * An app's sample-traffic generator: the topic it feeds and how its events are made. The runner's
 * {@code generate <app>} and demo use it with an {@link EventGenerator}.
 *
 * @param <K> key type
 * @param <V> value type
 */
public interface AppGenerator<K, V> {

    /** The app this generator feeds, e.g. {@code clickstream}. */
    String app();

    /** The topic the events go to. */
    Topic<K, V> topic();

    /**
     * The factory of events, shaped by the generator's own options (e.g. {@code devices=1000}).
     *
     * @throws IllegalArgumentException naming an unknown or malformed option
     */
    EventFactory<K, V> factory(Map<String, String> options);

    /**
     * Records to write before the traffic starts, shaped by the same options as {@link #factory}; the
     * default has none.
     *
     * @throws IllegalArgumentException naming an unknown or malformed option
     */
    default List<GeneratorSeed<?, ?>> seeds(Map<String, String> options) {
        return List.of();
    }
}
