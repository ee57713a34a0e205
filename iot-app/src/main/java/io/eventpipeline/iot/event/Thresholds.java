package io.eventpipeline.iot.event;

import io.eventpipeline.core.event.Validating;

/**
 * The band a sensor's value should stay in. Crossing {@code high} (or {@code low}) raises an alert; the
 * alert clears only once the value is back inside the band by {@code hysteresis}, so a value hovering at the
 * limit does not raise an alert per reading. Either limit may be absent (no alert on that side).
 *
 * @param low the lowest normal value, or {@code null}
 * @param high the highest normal value, or {@code null}
 * @param hysteresis how far inside the band a value must come back to clear an alert (≥ 0)
 */
public record Thresholds(Double low, Double high, double hysteresis) implements Validating {

    @Override
    public void validate() {
        Validating.require(hysteresis >= 0 && Double.isFinite(hysteresis), "hysteresis must be a number >= 0, was " + hysteresis);
        Validating.require(low == null || high == null || low < high, "low (" + low + ") must be below high (" + high + ")");
    }
}
