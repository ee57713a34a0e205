package io.eventpipeline.iot;

import io.eventpipeline.core.event.Alert;
import io.eventpipeline.core.event.DashboardUpdate;
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
    /** Dead letters: records that could not be read or processed, with the reason in headers. */
    public static final String DEAD_LETTERS = "iot.dlq";

    private IotTopics() {
    }
}
