package io.eventpipeline.core.metrics;

import io.eventpipeline.core.query.LocalStores;

/**
 * An app's business gauges (active alerts, offline devices, top pages…): the app registers them on its
 * registry and sets their values from its local state stores in {@link #refresh}, which the app runs every
 * {@link BusinessMeterRefresher#INTERVAL} off the stream threads. Each instance reports what its own
 * partitions hold; Prometheus sums over instances.
 */
@FunctionalInterface
public interface BusinessMeters {

    /**
     * Reads the stores and sets the gauges. It may throw while a store is not queryable (the gauges keep
     * their last values until the next refresh).
     */
    void refresh(LocalStores stores);
}
