package io.eventpipeline.iot.hvac;

import io.eventpipeline.core.flow.Backoff;
import io.eventpipeline.core.flow.FlowDefinition;
import io.eventpipeline.core.flow.FlowStep;
import io.eventpipeline.iot.IotTopics;
import java.util.List;
import java.util.Map;

/**
 * The HVAC confirmation flow, {@value #NAME}: an HVAC command goes through
 * <ol>
 *   <li>{@value #DELIVER}: the room's HVAC unit acknowledges the command; without an acknowledgement
 *       within {@code hvac.ack.timeout} the command is delivered again, up to {@code hvac.ack.retries} times;</li>
 *   <li>{@value #VERIFY}: the room's temperature moves the commanded way by {@code hvac.verify.delta} within
 *       {@code hvac.verify.within} (an {@code OFF} command has nothing to verify).</li>
 * </ol>
 * Neither step can be undone (a delivered command is superseded by the room's next one, not taken back),
 * so a flow that fails ends FAILED, and the escalation raises an alert. Flow id: the command's id. Flow data:
 * {@code commandId}, {@code roomId}, {@code mode}, {@code target}, {@code temperature}, then the
 * verification's {@code baseline}, {@code reached} and {@code result}.
 */
public final class HvacFlow {

    public static final String NAME = "hvac";
    public static final String DELIVER = "deliver";
    public static final String VERIFY = "verify";

    private HvacFlow() {
    }

    public static FlowDefinition definition(HvacConfig config) {
        return FlowDefinition.of(NAME, IotTopics.HVAC_REPLIES.name(), IotTopics.HVAC_OUTCOMES.name(), List.of(
                FlowStep.sends(DELIVER, IotTopics.DEVICE_COMMANDS.name(), HvacFlow::room, HvacFlow::command)
                        .withTimeout(config.ackTimeout())
                        .withAttempts(config.retries() + 1, Backoff.exponential(config.ackTimeout().dividedBy(4), config.ackTimeout())),
                FlowStep.sends(VERIFY, IotTopics.HVAC_VERIFICATIONS.name(), HvacFlow::room, HvacFlow::command)
                        .withTimeout(config.verifyWithin())));
    }

    private static String room(Map<String, Object> data) {
        return (String) data.get("roomId");
    }

    private static Map<String, Object> command(Map<String, Object> data) {
        return Map.of("commandId", data.get("commandId"), "roomId", data.get("roomId"), "mode", data.get("mode"),
                "target", data.get("target"), "temperature", data.get("temperature"));
    }
}
