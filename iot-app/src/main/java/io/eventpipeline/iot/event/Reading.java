package io.eventpipeline.iot.event;

import io.eventpipeline.core.event.EventTime;
import io.eventpipeline.core.event.InvalidEventException;
import io.eventpipeline.core.event.Validating;
import java.time.Duration;
import java.time.Instant;

/**
 * One sensor reading, the value of {@code iot.readings} (key: deviceId).
 *
 * <pre>{@code {"deviceId":"…","siteId":"…","room":"…","sensorType":"TEMPERATURE","value":21.4,"unit":"C",
 *  "timestamp":"2026-11-22T10:15:30.123Z"}}</pre>
 *
 * Rules: every field is required; the unit must be one its sensor type reports in ({@code C}/{@code F} for
 * temperature, {@code %} for humidity, {@code ppm} for CO2); the value, in the canonical unit, must be
 * physically possible ({@link SensorType#min()}..{@link SensorType#max()}); the timestamp is at most
 * {@link #MAX_FUTURE} ahead of now. Topologies work on {@link #normalized()} readings (Celsius).
 */
public record Reading(String deviceId, String siteId, String room, SensorType sensorType, Double value, String unit,
                      Instant timestamp) implements Validating, EventTime {

    /** How far in the future a timestamp may lie (clock skew) before the reading is rejected. */
    public static final Duration MAX_FUTURE = Duration.ofHours(1);

    @Override
    public void validate() {
        Validating.requireText("deviceId", deviceId);
        Validating.requireText("siteId", siteId);
        Validating.requireText("room", room);
        Validating.requirePresent("sensorType", sensorType);
        Validating.requirePresent("value", value);
        Validating.requireText("unit", unit);
        // No message is built unless a rule is broken: this runs for every reading.
        if (!sensorType.units().contains(unit)) {
            throw new InvalidEventException("unit '" + unit + "' does not fit sensorType " + sensorType + " (expected one of "
                    + sensorType.units() + ")");
        }
        Validating.requireRange(sensorType.valueField(), canonicalValue(), sensorType.min(), sensorType.max());
        Validating.requireNotFarFuture("timestamp", timestamp, MAX_FUTURE);
    }

    @Override
    public Instant eventTime() {
        return timestamp;
    }

    /** The room this reading belongs to, unique across sites: {@code <siteId>:<room>}. */
    public String roomId() {
        return roomId(siteId, room);
    }

    /** A room's id: {@code <siteId>:<room>}. */
    public static String roomId(String siteId, String room) {
        return siteId + ":" + room;
    }

    /** This reading in its sensor type's canonical unit (Fahrenheit becomes Celsius). */
    public Reading normalized() {
        return unit.equals(sensorType.canonicalUnit()) ? this
                : new Reading(deviceId, siteId, room, sensorType, canonicalValue(), sensorType.canonicalUnit(), timestamp);
    }

    private double canonicalValue() {
        return "F".equals(unit) ? (value - 32.0) * 5.0 / 9.0 : value;
    }
}
