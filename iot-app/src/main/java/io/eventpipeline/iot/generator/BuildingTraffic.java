package io.eventpipeline.iot.generator;

import io.eventpipeline.core.generator.EventFactory;
import io.eventpipeline.core.generator.GeneratorFeedback;
import io.eventpipeline.core.reactive.Outbound;
import io.eventpipeline.iot.IotTopics;
import io.eventpipeline.iot.event.Reading;
import io.eventpipeline.iot.event.SensorType;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The fleet's readings, one per call: devices take turns (each reports every {@code devices / rate}
 * seconds), values follow a daily cycle plus noise, and faults are injected at the configured rates:
 * <ul>
 *   <li><b>spike</b>: one reading far off (temperature +15 °C, humidity +35 %, CO2 +3000 ppm);</li>
 *   <li><b>stuck</b>: the next {@value #STUCK_READINGS} readings repeat one value exactly;</li>
 *   <li><b>drift</b>: the value creeps up by {@value #DRIFT_STEP} per reading for {@value #DRIFT_READINGS}
 *       readings and back down the same way (a temperature sensor crosses 30 °C on the way);</li>
 *   <li><b>dropout</b>: the device sends nothing for {@code dropout-seconds};</li>
 *   <li><b>duplicate</b>: the previous record again; <b>out of order</b>: stamped 1-20 s in the past;</li>
 *   <li><b>malformed</b>: not JSON, a missing field, an impossible value or a unit that does not fit.</li>
 * </ul>
 * The rooms respond to the HVAC commands delivered to them ({@link #feedback()}, {@link RoomHvac}): a heated
 * room warms, a cooled one cools, so the app's climate control sees the effect of what it commanded.
 * Deterministic for a seed and clock readings. It keeps a log of the spikes, stuck runs and drifts it
 * injected ({@link #faults()}), so tests can check each against the alerts it should raise.
 */
public final class BuildingTraffic implements EventFactory<String, byte[]> {

    static final int STUCK_READINGS = 15;
    static final int DRIFT_READINGS = 40;
    static final double DRIFT_STEP = 0.3;
    private static final String[] MALFORMED = {"{\"deviceId\":\"broken", "not json at all",
            "{\"deviceId\":\"dev-x\",\"siteId\":\"site-0\",\"sensorType\":\"TEMPERATURE\",\"value\":21.0,\"unit\":\"C\",\"timestamp\":\"2026-01-01T00:00:00Z\"}",
            "{\"deviceId\":\"dev-x\",\"siteId\":\"site-0\",\"room\":\"room-0\",\"sensorType\":\"TEMPERATURE\",\"value\":-500.0,\"unit\":\"C\",\"timestamp\":\"2026-01-01T00:00:00Z\"}",
            "{\"deviceId\":\"dev-x\",\"siteId\":\"site-0\",\"room\":\"room-0\",\"sensorType\":\"HUMIDITY\",\"value\":40.0,\"unit\":\"C\",\"timestamp\":\"2026-01-01T00:00:00Z\"}"};

    /**
     * @param fleet the devices
     * @param spikes share of readings that are spikes
     * @param stuck share of readings that start a stuck episode
     * @param drift share of readings that start a drift
     * @param dropouts share of readings that start a dropout
     * @param dropout how long a dropout lasts
     * @param duplicates share of records sent twice
     * @param outOfOrder share of readings stamped in the past
     * @param malformed share of records that are not valid readings
     */
    record Settings(Fleet fleet, double spikes, double stuck, double drift, double dropouts, Duration dropout,
                    double duplicates, double outOfOrder, double malformed) {
    }

    private final Settings settings;
    private final Fleet fleet;
    private final int[] stuckLeft;
    private final double[] stuckValue;
    private final int[] driftStep;
    private final long[] silentUntil;
    private final List<InjectedFault> faults = new ArrayList<>();
    private final RoomHvac hvac = new RoomHvac();
    private Outbound<String, byte[]> previous;
    private int next;

    /**
     * A fault the generator injected.
     *
     * @param deviceId the device
     * @param kind {@code SPIKE}, {@code STUCK} (the first of the run's readings) or {@code DRIFT} (its first reading)
     * @param at the event time of that reading
     */
    public record InjectedFault(String deviceId, String kind, Instant at) {
    }

    BuildingTraffic(Settings settings) {
        this.settings = settings;
        this.fleet = settings.fleet();
        this.stuckLeft = new int[fleet.devices()];
        this.stuckValue = new double[fleet.devices()];
        this.driftStep = new int[fleet.devices()];
        this.silentUntil = new long[fleet.devices()];
    }

    /** The faults injected so far, in order. */
    public List<InjectedFault> faults() {
        return List.copyOf(faults);
    }

    /** The HVAC units read their commands from {@code iot.device-commands}. */
    @Override
    public List<GeneratorFeedback<?, ?>> feedback() {
        return List.of(new GeneratorFeedback<>(IotTopics.DEVICE_COMMANDS, hvac::deliver));
    }

    @Override
    public Outbound<String, byte[]> next(long sequence, SplittableRandom random, Instant now) {
        if (previous != null && random.nextDouble() < settings.duplicates()) {
            return previous;
        }
        if (random.nextDouble() < settings.malformed()) {
            return Outbound.of("garbage-" + sequence, MALFORMED[random.nextInt(MALFORMED.length)].getBytes(StandardCharsets.UTF_8));
        }
        int device = nextAudibleDevice(now, random);
        Instant at = random.nextDouble() < settings.outOfOrder() ? now.minusMillis(1_000 + random.nextInt(19_000)) : now;
        Reading reading = reading(device, at, now, random);
        previous = Outbound.of(reading.deviceId(), IotTopics.READINGS.valueSerde().serializer().serialize(IotTopics.READINGS.name(), reading));
        return previous;
    }

    /** The next device in turn that is not in a dropout; may start a dropout. */
    private int nextAudibleDevice(Instant now, SplittableRandom random) {
        for (int tries = 0; tries < fleet.devices(); tries++) {
            int device = next;
            next = (next + 1) % fleet.devices();
            if (silentUntil[device] > now.toEpochMilli()) {
                continue;
            }
            if (random.nextDouble() < settings.dropouts()) {
                silentUntil[device] = now.plus(settings.dropout()).toEpochMilli();
                continue;
            }
            return device;
        }
        return next; // every device silent: the next one speaks anyway
    }

    private Reading reading(int device, Instant at, Instant now, SplittableRandom random) {
        SensorType type = fleet.type(device);
        double celsiusOrValue;
        if (stuckLeft[device] > 0) {
            stuckLeft[device]--;
            celsiusOrValue = stuckValue[device];
            return new Reading(fleet.deviceId(device), fleet.siteId(device), fleet.roomName(device), type, celsiusOrValue,
                    unit(device), at);
        }
        celsiusOrValue = normal(device, type, at, random) + drift(device, at, random);
        if (type == SensorType.TEMPERATURE) {
            celsiusOrValue += hvac.effect(fleet.roomId(device), now);
        }
        if (random.nextDouble() < settings.spikes()) {
            faults.add(new InjectedFault(fleet.deviceId(device), "SPIKE", at));
            celsiusOrValue += switch (type) {
                case TEMPERATURE -> 15.0;
                case HUMIDITY -> 35.0;
                case CO2 -> 3000.0;
            };
        }
        celsiusOrValue = Math.max(type.min(), Math.min(type.max(), celsiusOrValue));
        double value = fleet.fahrenheit(device) ? celsiusOrValue * 9.0 / 5.0 + 32.0 : celsiusOrValue;
        value = Math.round(value * 1000.0) / 1000.0;
        if (random.nextDouble() < settings.stuck()) {
            faults.add(new InjectedFault(fleet.deviceId(device), "STUCK", at));
            stuckLeft[device] = STUCK_READINGS - 1;
            stuckValue[device] = value;
        }
        return new Reading(fleet.deviceId(device), fleet.siteId(device), fleet.roomName(device), type, value, unit(device), at);
    }

    private String unit(int device) {
        return fleet.fahrenheit(device) ? "F" : fleet.type(device).canonicalUnit();
    }

    /** The undisturbed value: a daily cycle (warmest mid-afternoon), the room's offset, and noise. */
    private double normal(int device, SensorType type, Instant at, SplittableRandom random) {
        double hour = at.atZone(ZoneOffset.UTC).getHour() + at.atZone(ZoneOffset.UTC).getMinute() / 60.0;
        double day = Math.sin(2 * Math.PI * (hour - 9) / 24);
        return switch (type) {
            case TEMPERATURE -> 21.0 + fleet.roomOffset(device) + 1.5 * day + random.nextDouble(-0.05, 0.05);
            case HUMIDITY -> 45.0 - 5.0 * day + random.nextDouble(-0.3, 0.3);
            case CO2 -> 600.0 + 250.0 * Math.max(0, day) + random.nextDouble(-10, 10);
        };
    }

    /** The drift's offset for this reading: up for {@value #DRIFT_READINGS} readings, then back down. */
    private double drift(int device, Instant at, SplittableRandom random) {
        if (driftStep[device] == 0 && random.nextDouble() < settings.drift()) {
            driftStep[device] = 1;
            faults.add(new InjectedFault(fleet.deviceId(device), "DRIFT", at));
        }
        if (driftStep[device] == 0) {
            return 0;
        }
        int step = driftStep[device];
        driftStep[device] = step >= 2 * DRIFT_READINGS ? 0 : step + 1;
        int up = step <= DRIFT_READINGS ? step : 2 * DRIFT_READINGS - step;
        return up * DRIFT_STEP;
    }
}
