package io.eventpipeline.core.http;

import java.util.Map;

/** What {@code /health/live} and {@code /health/ready} report. Implementations are thread-safe. */
public interface Health {

    /** False once the instance cannot recover by itself and should be restarted. */
    boolean live();

    /** True while the instance serves: processing runs and queries can be answered. */
    boolean ready();

    /**
     * What else the health answers show beside {@code status}, e.g. the processing state and which input
     * partitions this instance owns; the default: nothing.
     */
    default Map<String, Object> details() {
        return Map.of();
    }
}
