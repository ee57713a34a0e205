package io.eventpipeline.iot;

import io.eventpipeline.core.event.Alert;
import io.eventpipeline.core.event.DashboardUpdate;
import io.eventpipeline.core.flow.FlowCommand;
import io.eventpipeline.core.flow.FlowOutcome;
import io.eventpipeline.core.flow.FlowReply;
import io.eventpipeline.core.topic.Topic;
import io.eventpipeline.iot.event.DeviceProfile;
import io.eventpipeline.iot.event.HvacCommand;
import io.eventpipeline.iot.event.Reading;

/** The IoT app's topics: the public contract other tools read and write. */
public final class IotTopics {

    /** The app's short name: prefixes topics, meters, stores and the application id. */
    public static final String APP = "iot";

    /** Input. Key: deviceId. Value: {@link Reading} JSON. */
    public static final Topic<String, Reading> READINGS = Topic.json("iot.readings", Reading.class);
    /** Input, compacted: the device registry. Key: deviceId. Value: {@link DeviceProfile} JSON. */
    public static final Topic<String, DeviceProfile> DEVICES = Topic.json("iot.devices", DeviceProfile.class);
    /** Output. Key: deviceId. Value: {@link Alert} JSON. */
    public static final Topic<String, Alert> ALERTS = Topic.json("iot.alerts", Alert.class);
    /** Output. Key: panel name. Value: {@link DashboardUpdate} JSON. */
    public static final Topic<String, DashboardUpdate> DASHBOARD = Topic.json("iot.dashboard", DashboardUpdate.class);
    /** Output, one record per change of a room's climate mode. Key: roomId. Value: {@link HvacCommand} JSON. */
    public static final Topic<String, HvacCommand> HVAC_COMMANDS = Topic.json("iot.hvac-commands", HvacCommand.class);
    /** The HVAC confirmation flow's deliveries to devices. Key: roomId. Value: {@link FlowCommand} JSON. */
    public static final Topic<String, FlowCommand> DEVICE_COMMANDS = Topic.json("iot.device-commands", FlowCommand.class);
    /** The HVAC confirmation flow's verifications. Key: roomId. Value: {@link FlowCommand} JSON. */
    public static final Topic<String, FlowCommand> HVAC_VERIFICATIONS = Topic.json("iot.hvac-verifications", FlowCommand.class);
    /** Replies to the HVAC confirmation flow. Key: flowId (the command's id). Value: {@link FlowReply} JSON. */
    public static final Topic<String, FlowReply> HVAC_REPLIES = Topic.json("iot.hvac-replies", FlowReply.class);
    /** How each HVAC command's confirmation ended, once per command. Key: flowId. Value: {@link FlowOutcome} JSON. */
    public static final Topic<String, FlowOutcome> HVAC_OUTCOMES = Topic.json("iot.hvac-outcomes", FlowOutcome.class);
    /** Dead letters: records that could not be read or processed, with the reason in headers. */
    public static final String DEAD_LETTERS = "iot.dlq";

    private IotTopics() {
    }
}
