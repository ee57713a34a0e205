package io.eventpipeline.iot.event;

/** What a room's climate control does. */
public enum HvacMode {
    HEAT,
    COOL,
    OFF
}
