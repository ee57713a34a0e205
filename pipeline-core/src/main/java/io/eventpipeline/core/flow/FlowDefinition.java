package io.eventpipeline.core.flow;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A flow declared in code: its ordered steps, the topic participants reply on, the topic outcomes go to, how
 * often deadlines are checked and how long finished flows stay queryable.
 *
 * @param name short and unique in the app; names the flow's stores and topics ({@code flow-<name>-…})
 * @param steps run in this order
 * @param replyTopic where participants send {@link FlowReply}s, keyed by flowId; as many partitions as the
 *                   flow's starts come from
 * @param outcomeTopic where each flow's {@link FlowOutcome} goes
 * @param checkInterval how often (wall clock) timeouts and retries are looked for
 * @param retention how long a finished flow stays in the store (and queryable); a start with its id after
 *                  that starts a new flow
 */
public record FlowDefinition(String name, List<FlowStep> steps, String replyTopic, String outcomeTopic,
                             Duration checkInterval, Duration retention) {

    public FlowDefinition {
        Objects.requireNonNull(name, "name");
        steps = List.copyOf(steps);
        Objects.requireNonNull(replyTopic, "replyTopic");
        Objects.requireNonNull(outcomeTopic, "outcomeTopic");
        if (!name.matches("[a-z0-9][a-z0-9-]*")) {
            throw new IllegalArgumentException("a flow name is lower-case letters, digits and '-', was '" + name + "'");
        }
        if (steps.isEmpty()) {
            throw new IllegalArgumentException("flow " + name + " has no steps");
        }
        Set<String> names = new HashSet<>();
        for (FlowStep step : steps) {
            if (!names.add(step.name())) {
                throw new IllegalArgumentException("flow " + name + " has two steps named " + step.name());
            }
        }
    }

    /** A flow with these steps, checking deadlines every 100 ms and keeping finished flows for a day. */
    public static FlowDefinition of(String name, String replyTopic, String outcomeTopic, List<FlowStep> steps) {
        return new FlowDefinition(name, steps, replyTopic, outcomeTopic, Duration.ofMillis(100), Duration.ofDays(1));
    }

    public FlowDefinition withCheckInterval(Duration interval) {
        return new FlowDefinition(name, steps, replyTopic, outcomeTopic, interval, retention);
    }

    public FlowDefinition withRetention(Duration keep) {
        return new FlowDefinition(name, steps, replyTopic, outcomeTopic, checkInterval, keep);
    }

    /** The store of flow state, key flowId, value {@link FlowState}. */
    public String stateStore() {
        return "flow-" + name + "-state";
    }

    /** The store of deadlines, key {@code <deadline as 16 hex digits>|<flowId>}. */
    public String deadlineStore() {
        return "flow-" + name + "-deadlines";
    }

    /** Every topic the flow sends commands to. */
    public List<String> commandTopics() {
        List<String> topics = new ArrayList<>();
        for (FlowStep step : steps) {
            for (FlowStep.Kind kind : FlowStep.Kind.values()) {
                String topic = step.sendsCommand() ? step.topic(kind) : null;
                if (topic != null && !topics.contains(topic)) {
                    topics.add(topic);
                }
            }
        }
        return topics;
    }

    /** The step named {@code step}, or -1. */
    public int indexOf(String step) {
        for (int i = 0; i < steps.size(); i++) {
            if (steps.get(i).name().equals(step)) {
                return i;
            }
        }
        return -1;
    }
}
