package io.eventpipeline.core.flow;

import java.util.Map;

/**
 * A request to start a flow: its id (unique; a second start with the same id is ignored) and its first data.
 */
public record FlowStart(String flowId, Map<String, Object> data) {

    public FlowStart {
        data = data == null ? Map.of() : Map.copyOf(data);
    }
}
