package io.eventpipeline.iot.event;

import java.util.Set;

/**
 * What a sensor measures, the units it may report in, and the physically possible range of its values in
 * the canonical unit (readings outside it are dead-lettered, not alerted on).
 */
public enum SensorType {
    /** Air temperature; canonical unit {@code C}, also accepted in {@code F}. */
    TEMPERATURE("C", Set.of("C", "F"), -60, 125),
    /** Relative humidity in {@code %}. */
    HUMIDITY("%", Set.of("%"), 0, 100),
    /** CO2 concentration in {@code ppm}. */
    CO2("ppm", Set.of("ppm"), 0, 100_000);

    private final String canonicalUnit;
    private final Set<String> units;
    private final double min;
    private final double max;
    private final String valueField;

    SensorType(String canonicalUnit, Set<String> units, double min, double max) {
        this.canonicalUnit = canonicalUnit;
        this.units = units;
        this.min = min;
        this.max = max;
        this.valueField = "value (" + canonicalUnit + ")";
    }

    public String canonicalUnit() {
        return canonicalUnit;
    }

    public Set<String> units() {
        return units;
    }

    /** How a reading's value is named in a dead letter's reason: {@code value (C)}, built once. */
    public String valueField() {
        return valueField;
    }

    /** The lowest possible value in the canonical unit. */
    public double min() {
        return min;
    }

    /** The highest possible value in the canonical unit. */
    public double max() {
        return max;
    }
}
