package io.eventpipeline.core.query;

import org.apache.kafka.streams.state.QueryableStoreType;

/**
 * The state stores of this instance, read-only: the partitions it holds, nothing routed from others.
 * {@link InteractiveQueries} is one; a test can hand a {@code TopologyTestDriver}'s stores instead.
 */
public interface LocalStores {

    /**
     * The store {@code name} of this instance.
     *
     * @throws RuntimeException while the store is not queryable (starting, rebalancing, restoring)
     */
    <T> T store(String name, QueryableStoreType<T> type);
}
