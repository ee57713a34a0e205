package io.eventpipeline.iot.generator;

import io.eventpipeline.iot.event.DeviceProfile;
import io.eventpipeline.iot.event.Reading;
import io.eventpipeline.iot.event.SensorType;
import io.eventpipeline.iot.event.Thresholds;
import java.util.SplittableRandom;

/**
 * The simulated buildings: which device measures what, where, in which unit, and with which registry entry.
 * A pure function of the device count and site count, so the traffic and the registry seed agree.
 *
 * <p>Device {@code dev-<i>} sits in room {@code room-<i/4>} of site {@code site-<(i/4) % sites>}; in each room
 * two temperature sensors, one humidity and one CO2 sensor. A share of temperature sensors report in
 * Fahrenheit; every tenth temperature sensor has its own band in the registry; each room's temperature
 * sensors ask for a setpoint between 20.5 and 22 °C.
 *
 * @param devices how many
 * @param sites across how many sites
 * @param fahrenheitShare share of temperature sensors reporting in °F
 */
record Fleet(int devices, int sites, double fahrenheitShare) {

    static final int DEVICES_PER_ROOM = 4;
    /** The band of every tenth temperature sensor (the others use the app's default). */
    static final Thresholds CUSTOM_BAND = new Thresholds(16.0, 27.0, 0.5);

    String deviceId(int device) {
        return "dev-" + device;
    }

    int room(int device) {
        return device / DEVICES_PER_ROOM;
    }

    String siteId(int device) {
        return "site-" + room(device) % sites;
    }

    String roomName(int device) {
        return "room-" + room(device);
    }

    String roomId(int device) {
        return Reading.roomId(siteId(device), roomName(device));
    }

    SensorType type(int device) {
        return switch (device % DEVICES_PER_ROOM) {
            case 0, 1 -> SensorType.TEMPERATURE;
            case 2 -> SensorType.HUMIDITY;
            default -> SensorType.CO2;
        };
    }

    boolean fahrenheit(int device) {
        return type(device) == SensorType.TEMPERATURE && new SplittableRandom(device * 0x9E3779B97F4A7C15L).nextDouble() < fahrenheitShare;
    }

    /** The registry entry of {@code device}. */
    DeviceProfile profile(int device) {
        SensorType type = type(device);
        if (type != SensorType.TEMPERATURE) {
            return new DeviceProfile(deviceId(device), siteId(device), roomName(device), type, null, null, null);
        }
        Thresholds band = device % 40 == 0 ? CUSTOM_BAND : null; // every tenth temperature sensor (two per room of four)
        return new DeviceProfile(deviceId(device), siteId(device), roomName(device), type, band, setpoint(device), 1.0);
    }

    /** The room's setpoint: 20.5, 21, 21.5 or 22 °C. */
    double setpoint(int device) {
        return 20.5 + (room(device) % 4) * 0.5;
    }

    /** A fixed offset per room (-1.5..+1.5 °C), so rooms differ and some need heating or cooling. */
    double roomOffset(int device) {
        return new SplittableRandom(room(device) * 0xBF58476D1CE4E5B9L).nextDouble(-1.5, 1.5);
    }
}
