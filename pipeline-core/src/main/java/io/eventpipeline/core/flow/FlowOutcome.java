package io.eventpipeline.core.flow;

import java.time.Instant;
import java.util.Map;

/**
 * How a flow ended, sent once to the flow's outcome topic (key flowId) when it reaches a final status.
 *
 * @param status {@code COMPLETED}, {@code FAILED} or {@code COMPENSATED}
 * @param failedStep the step that failed, if any
 * @param reason why it failed, if it did
 * @param data the flow's data at the end
 */
public record FlowOutcome(String flowId, String flow, FlowStatus status, String failedStep, String reason,
                          Map<String, Object> data, Instant startedAt, Instant endedAt) {

    public FlowOutcome {
        data = data == null ? Map.of() : Map.copyOf(data);
    }
}
