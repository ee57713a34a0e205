package io.eventpipeline.core.flow;

import java.time.Instant;
import java.util.Map;

/**
 * What the coordinator sends a participant: do a step of a flow, or undo it. The participant answers with a
 * {@link FlowReply} on {@code replyTo}, made with {@link FlowReply#success} or {@link FlowReply#failure}.
 *
 * <pre>{@code {"flowId":"…","flow":"trade","step":"place-order","kind":"ACTION","attempt":1,
 *  "idempotencyKey":"…:place-order:ACTION:1","replyTo":"market.flow-replies","payload":{…},"timestamp":"…"}}</pre>
 *
 * @param idempotencyKey {@code <flowId>:<step>:<kind>:<attempt>}; the same command sent again (say, after a
 *                       crash before the coordinator's transaction committed) carries the same key, so a
 *                       participant can do its work once per key
 * @param payload what the step's command function made of the flow's data
 * @param timestamp when it was sent (wall clock)
 */
public record FlowCommand(String flowId, String flow, String step, FlowStep.Kind kind, int attempt, String idempotencyKey,
                          String replyTo, Map<String, Object> payload, Instant timestamp) {

    public FlowCommand {
        payload = payload == null ? Map.of() : Map.copyOf(payload);
    }
}
