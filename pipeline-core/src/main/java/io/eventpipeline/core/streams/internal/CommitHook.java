package io.eventpipeline.core.streams.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.internals.CacheFlushListener;
import org.apache.kafka.streams.state.internals.CachedStateStore;

/**
 * A state store that holds nothing and runs its task's registered actions when the task commits, before
 * the commit's records are flushed: Kafka Streams flushes every store's cache ({@link #flushCache}) and
 * only then the producer, so a write an action makes to a logged store is in the same transaction as the
 * input offsets it follows from. It is how {@code WriteBackCache} writes its values once per commit.
 *
 * <p>It relies on one internal contract of Kafka Streams ({@link CachedStateStore}, called by the state
 * manager on every commit of a task: {@code StreamTask.prepareCommit}); {@code WriteBackCacheTest} pins it
 * on the version in use. Actions are cleared whenever the store is initialised or closed, so a task whose
 * state is rebuilt starts with none. One instance per task, on its stream thread only.
 */
public final class CommitHook implements StateStore, CachedStateStore<Object, Object> {

    private final String name;
    private final List<Runnable> actions = new ArrayList<>();
    private boolean open;

    private CommitHook(String name) {
        this.name = name;
    }

    /** A builder of hooks named {@code name}: neither logged nor cached, there being nothing in them. */
    public static StoreBuilder<CommitHook> builder(String name) {
        return new Builder(name);
    }

    /** Runs {@code action} at every commit of this hook's task from now on, in the order registered. */
    public void onCommit(Runnable action) {
        actions.add(action);
    }

    @Override
    public void flushCache() {
        for (Runnable action : actions) {
            action.run();
        }
    }

    @Override
    public void init(StateStoreContext context, StateStore root) {
        actions.clear();
        context.register(root, (key, value) -> {
            throw new IllegalStateException("commit hook " + name + " has no changelog to restore from");
        });
        open = true;
    }

    @Override
    public boolean setFlushListener(CacheFlushListener<Object, Object> listener, boolean sendOldValues) {
        return false;
    }

    @Override
    public void clearCache() {
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void close() {
        actions.clear();
        open = false;
    }

    @Override
    public boolean persistent() {
        return false;
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    private static final class Builder implements StoreBuilder<CommitHook> {

        private final String name;

        Builder(String name) {
            this.name = name;
        }

        @Override
        public StoreBuilder<CommitHook> withCachingEnabled() {
            return this;
        }

        @Override
        public StoreBuilder<CommitHook> withCachingDisabled() {
            return this;
        }

        @Override
        public StoreBuilder<CommitHook> withLoggingEnabled(Map<String, String> config) {
            throw new UnsupportedOperationException("a commit hook holds nothing to log");
        }

        @Override
        public StoreBuilder<CommitHook> withLoggingDisabled() {
            return this;
        }

        @Override
        public CommitHook build() {
            return new CommitHook(name);
        }

        @Override
        public Map<String, String> logConfig() {
            return Map.of();
        }

        @Override
        public boolean loggingEnabled() {
            return false;
        }

        @Override
        public String name() {
            return name;
        }
    }
}
