package io.eventpipeline.core.errors;

/** Counts records sent to a dead-letter topic, by app and reason. Implementations are thread-safe. */
@FunctionalInterface
public interface DeadLetterCounter {

    /** A counter that counts nothing, for tests that do not look at metrics. */
    DeadLetterCounter NONE = (app, reason) -> { };

    void increment(String app, DeadLetterReason reason);
}
