package io.eventpipeline.iot.topology;

import io.eventpipeline.core.event.Alert;
import io.eventpipeline.core.event.Severity;
import io.eventpipeline.iot.IotTopics;
import io.eventpipeline.iot.event.Reading;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** The alert types of the IoT app and how their alerts are made, the same way by every detector. */
public final class IotAlerts {

    public static final String THRESHOLD_HIGH = "THRESHOLD_HIGH";
    public static final String THRESHOLD_LOW = "THRESHOLD_LOW";
    public static final String THRESHOLD_CLEARED = "THRESHOLD_CLEARED";
    public static final String STUCK_SENSOR = "STUCK_SENSOR";
    public static final String STUCK_SENSOR_CLEARED = "STUCK_SENSOR_CLEARED";
    public static final String SPIKE = "SPIKE";
    public static final String DEVICE_OFFLINE = "DEVICE_OFFLINE";
    public static final String DEVICE_ONLINE = "DEVICE_ONLINE";

    private IotAlerts() {
    }

    /**
     * An alert about {@code deviceId} at {@code at}. Its id, {@code iot-<type>-<deviceId>-<epoch ms>}, is
     * the same whenever the same condition is found again (after a restart, say), so consumers can dedupe.
     */
    static Alert alert(String type, Severity severity, String deviceId, Instant at, String message, Map<String, Object> details) {
        return new Alert("iot-" + type + "-" + deviceId + "-" + at.toEpochMilli(), IotTopics.APP, type, severity, deviceId,
                message, at, details);
    }

    /** The details every reading-triggered alert carries. */
    static Map<String, Object> details(Reading reading) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("sensorType", reading.sensorType().name());
        details.put("roomId", reading.roomId());
        details.put("value", reading.value());
        details.put("unit", reading.unit());
        return details;
    }
}
