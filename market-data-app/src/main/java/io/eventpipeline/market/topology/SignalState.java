package io.eventpipeline.market.topology;

/**
 * Where a symbol stood at its latest candle, so a signal is sent once per crossing, not once per candle.
 *
 * @param averages the short average against the long one: {@code null} before both exist
 * @param channel the close against the breakout channel: {@code null} before the channel exists
 */
public record SignalState(Position averages, Position channel) {

    /** Above, inside (only for the channel) or below. */
    public enum Position {
        ABOVE, INSIDE, BELOW
    }
}
