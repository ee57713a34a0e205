package io.eventpipeline.core.flow;

import java.time.Instant;
import java.util.Map;

/**
 * A participant's answer to a {@link FlowCommand}, on the flow's reply topic, keyed by {@code flowId}. It
 * names the command it answers (step, kind, attempt): the coordinator takes it only while it waits for
 * exactly that command, and ignores any other (a duplicate, or one that comes after the step timed out).
 *
 * <pre>{@code {"flowId":"…","step":"place-order","kind":"ACTION","attempt":1,"success":true,"reason":null,
 *  "payload":{"orderId":"…"},"timestamp":"…"}}</pre>
 *
 * @param success whether the step was done (or undone); a failed action is not retried: the flow compensates
 * @param reason why not, when it failed
 * @param payload merged into the flow's data when the reply is taken
 */
public record FlowReply(String flowId, String step, FlowStep.Kind kind, int attempt, boolean success, String reason,
                        Map<String, Object> payload, Instant timestamp) {

    public FlowReply {
        payload = payload == null ? Map.of() : Map.copyOf(payload);
    }

    /** The step was done; {@code payload} goes into the flow's data. */
    public static FlowReply success(FlowCommand command, Map<String, Object> payload, Instant at) {
        return new FlowReply(command.flowId(), command.step(), command.kind(), command.attempt(), true, null, payload, at);
    }

    /** The step could not be done, for {@code reason}. */
    public static FlowReply failure(FlowCommand command, String reason, Instant at) {
        return new FlowReply(command.flowId(), command.step(), command.kind(), command.attempt(), false, reason, Map.of(), at);
    }

    /** An event a waiting step (one that sends no command) is waiting for, e.g. a fill after an order. */
    public static FlowReply event(String flowId, String step, boolean success, String reason, Map<String, Object> payload, Instant at) {
        return new FlowReply(flowId, step, FlowStep.Kind.ACTION, 1, success, reason, payload, at);
    }
}
