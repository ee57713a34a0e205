package io.eventpipeline.core.topic;

import java.util.Map;
import java.util.Objects;

/**
 * A topic an app expects to exist, with how to create it if it does not.
 *
 * @param name the topic's name
 * @param partitions how many partitions to create it with
 * @param configs topic-level settings, e.g. {@code cleanup.policy=compact}
 */
public record TopicSpec(String name, int partitions, Map<String, String> configs) {

    public TopicSpec {
        Objects.requireNonNull(name, "name");
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be positive, was " + partitions);
        }
        configs = Map.copyOf(configs);
    }

    /** A topic with default settings. */
    public static TopicSpec of(String name, int partitions) {
        return new TopicSpec(name, partitions, Map.of());
    }

    /** A compacted topic: the latest value per key is kept. */
    public static TopicSpec compacted(String name, int partitions) {
        return new TopicSpec(name, partitions, Map.of("cleanup.policy", "compact"));
    }

    /** A spec for {@code topic}'s name. */
    public static TopicSpec of(Topic<?, ?> topic, int partitions) {
        return of(topic.name(), partitions);
    }
}
