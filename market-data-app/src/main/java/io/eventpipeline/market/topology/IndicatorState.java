package io.eventpipeline.market.topology;

import io.eventpipeline.market.MarketConfig;
import io.eventpipeline.market.event.Candle;
import java.util.ArrayList;
import java.util.List;

/**
 * What the indicators of a symbol need, as stored: the most recent closed candles' closes, highs and lows
 * (oldest first, at most {@link MarketConfig#indicatorHistory()}), the two exponential averages and the
 * latest indicators.
 */
public record IndicatorState(List<Double> closes, List<Double> highs, List<Double> lows, long candles, Double emaShort,
                             Double emaLong, Indicators latest) {

    static IndicatorState empty() {
        return new IndicatorState(List.of(), List.of(), List.of(), 0, null, null, null);
    }

    /** This state with {@code candle} closed after the others. */
    IndicatorState add(Candle candle, MarketConfig config) {
        Double channelHigh = highs.size() >= config.breakoutCandles()
                ? highs.subList(highs.size() - config.breakoutCandles(), highs.size()).stream().mapToDouble(d -> d).max().orElseThrow()
                : null;
        Double channelLow = lows.size() >= config.breakoutCandles()
                ? lows.subList(lows.size() - config.breakoutCandles(), lows.size()).stream().mapToDouble(d -> d).min().orElseThrow()
                : null;
        int keep = config.indicatorHistory();
        List<Double> newCloses = appended(closes, candle.close(), keep);
        long count = candles + 1;
        Double newEmaShort = ema(emaShort, newCloses, count, config.smaShort(), candle.close());
        Double newEmaLong = ema(emaLong, newCloses, count, config.smaLong(), candle.close());
        Indicators indicators = new Indicators(candle.symbol(), candle.windowEnd(), candle.close(), count,
                sma(newCloses, config.smaShort()), sma(newCloses, config.smaLong()), newEmaShort, newEmaLong,
                volatility(newCloses, config.volatilityCandles()), channelHigh, channelLow);
        return new IndicatorState(newCloses, appended(highs, candle.high(), keep), appended(lows, candle.low(), keep), count,
                newEmaShort, newEmaLong, indicators);
    }

    private static List<Double> appended(List<Double> values, double value, int keep) {
        List<Double> next = new ArrayList<>(values.size() + 1);
        next.addAll(values.size() >= keep ? values.subList(values.size() - keep + 1, values.size()) : values);
        next.add(value);
        return next;
    }

    /** Mean of the last {@code n} closes, or {@code null} with fewer. */
    static Double sma(List<Double> closes, int n) {
        if (closes.size() < n) {
            return null;
        }
        double sum = 0;
        for (int i = closes.size() - n; i < closes.size(); i++) {
            sum += closes.get(i);
        }
        return sum / n;
    }

    /** The next exponential average: none before {@code n} candles, their simple average at the {@code n}th. */
    private static Double ema(Double previous, List<Double> closes, long count, int n, double close) {
        if (count < n) {
            return null;
        }
        if (previous == null) {
            return sma(closes, n);
        }
        double alpha = 2.0 / (n + 1);
        return alpha * close + (1 - alpha) * previous;
    }

    /** Sample standard deviation of the last {@code n} log returns, or {@code null} with fewer. */
    static Double volatility(List<Double> closes, int n) {
        if (closes.size() < n + 1) {
            return null;
        }
        double[] returns = new double[n];
        double mean = 0;
        for (int i = 0; i < n; i++) {
            int at = closes.size() - n + i;
            returns[i] = Math.log(closes.get(at) / closes.get(at - 1));
            mean += returns[i];
        }
        mean /= n;
        double squares = 0;
        for (double r : returns) {
            squares += (r - mean) * (r - mean);
        }
        return Math.sqrt(squares / (n - 1));
    }
}
