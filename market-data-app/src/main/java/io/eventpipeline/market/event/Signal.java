package io.eventpipeline.market.event;

import java.time.Instant;

/**
 * A trading signal, the value of {@code market.signals} (key: symbol):
 * {@code {"symbol":"ACME","signal":"BUY","reason":"SMA_CROSS_UP","price":101.5,"timestamp":"…"}}.
 *
 * @param signal {@code BUY} or {@code SELL}
 * @param reason what crossed: {@code SMA_CROSS_UP}, {@code SMA_CROSS_DOWN}, {@code BREAKOUT_UP}, {@code BREAKOUT_DOWN}
 * @param price the close of the candle that made the crossing
 * @param timestamp the end of that candle's window
 */
public record Signal(String symbol, Side signal, String reason, double price, Instant timestamp) {

    /** The direction of a signal. */
    public enum Side {
        BUY, SELL
    }
}
