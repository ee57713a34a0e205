package io.eventpipeline.market.topology;

import java.util.Map;

/**
 * What the anomaly monitor knows of a symbol: the latest price, exponentially weighted mean and variance of
 * tick-to-tick log returns and mean trade size, each exchange's latest quote, and the alert window in which
 * each alert type last fired.
 *
 * @param lastPrice the previous tick's price, {@code null} before the first tick
 * @param returns returns seen
 * @param returnMean weighted mean of the returns
 * @param returnVariance weighted variance of the returns
 * @param sizes trades seen
 * @param sizeMean weighted mean trade size
 * @param quotes per exchange, its latest quote
 * @param alerted per alert type, the start (epoch ms) of the window it last fired in
 */
public record AnomalyState(Double lastPrice, long returns, double returnMean, double returnVariance, long sizes,
                           double sizeMean, Map<String, Quote> quotes, Map<String, Long> alerted) {

    /** An exchange's quote and its event time (epoch ms). */
    public record Quote(double bid, double ask, long at) {
    }

    static AnomalyState empty() {
        return new AnomalyState(null, 0, 0, 0, 0, 0, Map.of(), Map.of());
    }
}
