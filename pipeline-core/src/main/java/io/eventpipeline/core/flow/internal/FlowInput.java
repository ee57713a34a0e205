package io.eventpipeline.core.flow.internal;

import io.eventpipeline.core.flow.FlowReply;
import io.eventpipeline.core.flow.FlowStart;

/** What reaches the coordinator: a start or a reply (exactly one of them). Never serialized. */
public record FlowInput(FlowStart start, FlowReply reply) {

    public static FlowInput of(FlowStart start) {
        return new FlowInput(start, null);
    }

    public static FlowInput of(FlowReply reply) {
        return new FlowInput(null, reply);
    }
}
