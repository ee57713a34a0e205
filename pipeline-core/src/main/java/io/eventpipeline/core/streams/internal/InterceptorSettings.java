package io.eventpipeline.core.streams.internal;

import io.eventpipeline.core.metrics.TrafficCounter;
import java.util.Map;

/** Reads the settings the runner hands to the interceptors through the client configs. */
record InterceptorSettings(TrafficCounter counter, String internalTopicPrefix) {

    /** Config key holding a {@link TrafficCounter}. */
    static final String COUNTER = "pipeline.traffic-counter";
    /** Config key holding the prefix of the app's internal topics ({@code <application.id>-}). */
    static final String INTERNAL_PREFIX = "pipeline.internal-topic-prefix";

    static InterceptorSettings from(Map<String, ?> configs) {
        TrafficCounter counter = configs.get(COUNTER) instanceof TrafficCounter c ? c : TrafficCounter.NONE;
        Object prefix = configs.get(INTERNAL_PREFIX);
        return new InterceptorSettings(counter, prefix == null ? "\u0000" : prefix.toString());
    }

    boolean isInternal(String topic) {
        return topic.startsWith(internalTopicPrefix);
    }
}
