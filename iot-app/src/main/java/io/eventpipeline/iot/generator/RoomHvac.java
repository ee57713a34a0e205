package io.eventpipeline.iot.generator;

import io.eventpipeline.core.flow.FlowCommand;
import io.eventpipeline.core.flow.FlowStep;
import io.eventpipeline.iot.event.HvacMode;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The simulated rooms' HVAC units: a room whose unit was told to HEAT warms by {@link #RATE} °C a minute,
 * up to {@link #MAX_EFFECT} above what it would be without it; COOL the same way down; OFF lets the room
 * drift back at the same rate. The units obey every command delivered to them ({@code iot.device-commands}),
 * acknowledged or not: a lost acknowledgement is lost on its way back.
 *
 * <p>Commands arrive on the feedback reader's thread ({@link #deliver}); they take effect at the generator's
 * next reading of that room, on the generator's clock, so the effect is a function of the generator's time.
 */
final class RoomHvac {

    /** How fast a running unit moves its room, in °C per minute. */
    static final double RATE = 0.3;
    /** How far a unit can move its room from where it would be, in °C. */
    static final double MAX_EFFECT = 4.0;

    private final Map<String, HvacMode> delivered = new ConcurrentHashMap<>();
    private final Map<String, Unit> units = new HashMap<>();

    /** A unit's mode since {@code since}, when its effect was {@code effect}. */
    private record Unit(HvacMode mode, double effect, Instant since) {

        double effectAt(Instant now) {
            double minutes = Math.max(0, Duration.between(since, now).toMillis()) / 60_000.0;
            return switch (mode) {
                case HEAT -> Math.min(MAX_EFFECT, effect + RATE * minutes);
                case COOL -> Math.max(-MAX_EFFECT, effect - RATE * minutes);
                case OFF -> effect > 0 ? Math.max(0, effect - RATE * minutes) : Math.min(0, effect + RATE * minutes);
            };
        }
    }

    /** A delivery to a room's unit: the HVAC confirmation flow's {@code deliver} step (key roomId). */
    void deliver(String roomId, FlowCommand command) {
        if (roomId == null || command == null || command.kind() != FlowStep.Kind.ACTION || command.payload() == null) {
            return;
        }
        Object mode = command.payload().get("mode");
        if (mode instanceof String name) {
            try {
                delivered.put(roomId, HvacMode.valueOf(name));
            } catch (IllegalArgumentException unknown) {
                // a mode these units do not know: ignored, as a real unit would
            }
        }
    }

    /** How many °C the room's unit has moved it at {@code now}; called from the generator's thread only. */
    double effect(String roomId, Instant now) {
        HvacMode wanted = delivered.get(roomId);
        Unit unit = units.get(roomId);
        if (unit == null) {
            if (wanted == null) {
                return 0;
            }
            unit = new Unit(HvacMode.OFF, 0, now);
        }
        if (wanted != null && wanted != unit.mode()) {
            unit = new Unit(wanted, unit.effectAt(now), now);
        }
        units.put(roomId, unit);
        return unit.effectAt(now);
    }
}
