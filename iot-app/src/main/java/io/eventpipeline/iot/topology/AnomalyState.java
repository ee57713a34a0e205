package io.eventpipeline.iot.topology;

import java.time.Instant;

/**
 * A device's recent behaviour, as far as the anomaly rules need it.
 *
 * @param lastValue the newest reading's value
 * @param latest the newest reading's event time
 * @param repeats how many readings in a row had {@code lastValue}
 * @param stuck whether a stuck-sensor alert is in force
 * @param spiking whether the newest change was a spike (a spike alert covers the readings until a normal change)
 */
public record AnomalyState(double lastValue, Instant latest, long repeats, boolean stuck, boolean spiking) {
}
