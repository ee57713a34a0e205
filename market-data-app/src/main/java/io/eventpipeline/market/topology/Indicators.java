package io.eventpipeline.market.topology;

import java.time.Instant;

/**
 * A symbol's indicators after its latest closed 1-minute candle. A value is {@code null} until enough
 * candles have closed for it. Answers {@code GET /symbols/{s}/indicators}.
 *
 * @param windowEnd end of the latest candle's window
 * @param close that candle's close
 * @param candles closed candles seen
 * @param smaShort mean close of the last {@code sma.short} candles
 * @param smaLong mean close of the last {@code sma.long} candles
 * @param emaShort exponential average of closes with {@code alpha = 2 / (sma.short + 1)}, started from the
 *                 simple average of the first {@code sma.short} closes
 * @param emaLong the same over {@code sma.long}
 * @param volatility sample standard deviation of the last {@code volatility.candles} log returns close to
 *                   close (per minute, not annualised)
 * @param channelHigh highest high of the {@code breakout.candles} candles before the latest one
 * @param channelLow lowest low of those candles
 */
public record Indicators(String symbol, Instant windowEnd, double close, long candles, Double smaShort, Double smaLong,
                         Double emaShort, Double emaLong, Double volatility, Double channelHigh, Double channelLow) {
}
