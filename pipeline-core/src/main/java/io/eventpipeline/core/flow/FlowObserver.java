package io.eventpipeline.core.flow;

import java.time.Duration;

/**
 * Told what the coordinator does, for meters. Called on the stream thread of the flow's task, so an
 * implementation must be thread-safe and quick. Under exactly-once, work that is redone after a crash is
 * observed again: what an observer counts is what was processed, not what was committed.
 *
 * <p>The coordinator takes it from the streams config key {@value #CONFIG}; without one it observes nothing.
 */
public interface FlowObserver {

    /** Streams config key holding the {@link FlowObserver} instance. */
    String CONFIG = "pipeline.flow.observer";

    /** An observer that observes nothing. */
    FlowObserver NONE = new FlowObserver() {
    };

    /**
     * The coordinator of {@code definition} runs here (called once per task that runs it), before any of its
     * flows starts: meters can be made ready at zero, so a flow that has not ended yet is a 0, not a gap.
     */
    default void defined(FlowDefinition definition) {
    }

    /** A flow of {@code flow} started. */
    default void started(String flow) {
    }

    /** A flow ended with a final {@code status}. */
    default void ended(String flow, FlowStatus status) {
    }

    /**
     * A step (or its compensation) ended its wait with {@code result} ({@code succeeded}, {@code failed} or
     * {@code gave_up}), {@code latency} after its first attempt was sent.
     */
    default void stepEnded(String flow, String step, FlowStep.Kind kind, String result, Duration latency) {
    }

    /** An attempt of a step timed out. */
    default void timedOut(String flow, String step, FlowStep.Kind kind) {
    }

    /** A step is sent again (attempt 2 or later). */
    default void retried(String flow, String step, FlowStep.Kind kind) {
    }
}
