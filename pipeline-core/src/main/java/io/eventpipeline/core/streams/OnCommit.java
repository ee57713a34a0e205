package io.eventpipeline.core.streams;

import io.eventpipeline.core.streams.internal.CommitHook;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.processor.api.ProcessingContext;

/**
 * Actions a processor runs at every commit of its task, before the commit's records are flushed: what an
 * action writes to a logged store is in the same transaction as the input offsets the commit records (with
 * exactly-once), or written before them (at least once). For state kept in memory and written back once per
 * commit ({@link WriteBackCache}, the market's candles) instead of serialized on every update.
 *
 * <p>Add the hook with {@link #add} and connect the processor to the name it returns; register actions in
 * the processor's {@code init} with {@link #register}: actions are dropped whenever the task's state is
 * rebuilt or closed, and its {@code init} runs again then. Actions run on the task's stream thread, in the
 * order registered; an exception from one fails the commit, as a failing store write would.
 */
public final class OnCommit {

    private OnCommit() {
    }

    /** Adds the commit hook named {@code name} (a store holding nothing, with no changelog) to {@code builder}; returns its name. */
    public static String add(StreamsBuilder builder, String name) {
        builder.addStateStore(CommitHook.builder(name));
        return name;
    }

    /** Runs {@code action} at every commit of the task of {@code context}, through the hook named {@code name}. */
    public static void register(ProcessingContext context, String name, Runnable action) {
        CommitHook hook = context.getStateStore(name);
        hook.onCommit(action);
    }
}
