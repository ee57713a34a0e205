package io.eventpipeline.core.flow;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A flow as the coordinator keeps it (store {@link FlowDefinition#stateStore()}) and {@code GET /flows/{id}}
 * shows it.
 *
 * @param step the step being done or undone (the failed step once final, or the last one)
 * @param kind whether that step is being done or undone
 * @param attempt the attempt of that step's command under way
 * @param waiting {@code true} while waiting for a reply, {@code false} while waiting to retry
 * @param deadline when the wait ends (a timeout, or the retry), or when a final flow is removed
 * @param data start data with every taken reply's payload merged in
 * @param completed steps done, in order (the ones undone are removed as they are undone)
 * @param history what happened, oldest first
 */
public record FlowState(String flowId, String flow, FlowStatus status, String step, FlowStep.Kind kind, int attempt,
                        boolean waiting, Instant deadline, Map<String, Object> data, List<String> completed,
                        String failedStep, String reason, Instant startedAt, Instant stepStartedAt, Instant updatedAt,
                        List<FlowEvent> history) {

    public FlowState {
        data = data == null ? Map.of() : Map.copyOf(data);
        completed = completed == null ? List.of() : List.copyOf(completed);
        history = history == null ? List.of() : List.copyOf(history);
    }

    /**
     * One entry of a flow's history.
     *
     * @param what {@code STARTED}, {@code SENT}, {@code WAITING}, {@code SUCCEEDED}, {@code FAILED},
     *             {@code TIMED_OUT}, {@code IGNORED} (a reply that was not awaited), or the final status
     */
    public record FlowEvent(Instant at, String step, FlowStep.Kind kind, int attempt, String what, String detail) {
    }
}
