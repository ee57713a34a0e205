package io.eventpipeline.market.event;

import java.time.Instant;

/**
 * One OHLCV candle of a symbol, as published on {@code market.candles} and answered by the history query.
 *
 * <pre>{@code {"symbol":"ACME","interval":"1m","windowStart":"2026-11-22T14:30:00Z","windowEnd":"2026-11-22T14:31:00Z",
 *  "open":101.25,"high":101.9,"low":101.1,"close":101.5,"volume":12000,"trades":42,"vwap":101.47}}</pre>
 *
 * Open and close are the prices of the earliest and latest trades by event time (ties broken by sequence),
 * whatever order they arrived in; VWAP is {@code sum(price * size) / sum(size)}.
 *
 * @param interval the window size: {@code 1s} or {@code 1m}
 */
public record Candle(String symbol, String interval, Instant windowStart, Instant windowEnd, double open, double high,
                     double low, double close, long volume, long trades, double vwap) {

    /** Change from open to close as a fraction of the open ({@code 0.01} is +1 %). */
    public double change() {
        return (close - open) / open;
    }

    /** The value traded: {@code vwap * volume}. */
    public double notional() {
        return vwap * volume;
    }
}
