package io.eventpipeline.market;

import io.eventpipeline.core.config.ConfigException;
import io.eventpipeline.core.config.ConfigSource;
import io.eventpipeline.core.config.PipelineConfig;
import io.eventpipeline.market.trading.TradingConfig;
import java.time.Duration;
import java.util.Map;

/**
 * The market-data app's own settings, read with the app's scope (so {@code PIPELINE_MARKET_GRACE} or
 * {@code PIPELINE_GRACE}) and checked at start-up.
 *
 * @param grace how late a tick may arrive (event time, behind the newest one of its partition) and still
 *              amend its candles ({@code grace}, default 5s)
 * @param smaShort candles in the short moving averages ({@code sma.short}, default 20)
 * @param smaLong candles in the long moving averages ({@code sma.long}, default 50; more than {@code sma.short})
 * @param volatilityCandles 1-minute returns in the rolling volatility ({@code volatility.candles}, default 20)
 * @param breakoutCandles previous candles whose highest high and lowest low a close must break
 *                        ({@code breakout.candles}, default 20)
 * @param anomalyTicks ticks over which the anomaly monitor's running return and size statistics average
 *                     (exponentially weighted; {@code anomaly.ticks}, default 100)
 * @param anomalyWarmup ticks of a symbol seen before it can raise price or volume anomalies
 *                      ({@code anomaly.warmup}, default 30)
 * @param jumpZ the z-score of a tick's return against the running volatility above which it is a price jump
 *              ({@code anomaly.jump.z}, default 6)
 * @param volumeSpikeFactor how many times the running average size a trade must be to be a volume spike
 *                          ({@code anomaly.volume.factor}, default 10)
 * @param quoteStaleAfter how old (event time) an exchange's quote may be and still count when looking for
 *                        crossed quotes across exchanges ({@code anomaly.quote.stale.after}, default 1s)
 * @param alertWindow at most one alert of each type per symbol in each such event-time window
 *                    ({@code alert.window}, default 1m)
 * @param historyRetention how long 1-minute candles stay queryable ({@code history.retention}, default 24h)
 * @param secondCandlesRetention how long 1-second candles stay queryable ({@code candles.1s.retention}, default 1h)
 * @param moversTop symbols in each list of the movers panel ({@code movers.top}, default 10)
 * @param moversFlush how long (wall clock) a minute's movers wait for more candles before they are published
 *                    ({@code movers.flush}, default 2s)
 * @param partitions partitions of the app's topics when it creates them ({@code partitions}, default 6)
 * @param trading trade execution and its simulated participants ({@link TradingConfig})
 * @param sequenceRestartAfter how far (event time) past a symbol's newest tick a tick with a sequence not
 *                             above the highest must be to count as the feed restarting its numbering rather
 *                             than a duplicate ({@code sequence.restart.after}, default 1m)
 */
public record MarketConfig(Duration grace, int smaShort, int smaLong, int volatilityCandles, int breakoutCandles,
                           int anomalyTicks, int anomalyWarmup, double jumpZ, double volumeSpikeFactor,
                           Duration quoteStaleAfter, Duration alertWindow, Duration historyRetention,
                           Duration secondCandlesRetention, int moversTop, Duration moversFlush, int partitions,
                           Duration sequenceRestartAfter, TradingConfig trading) {

    /** Defaults, for tests. */
    public static MarketConfig defaults() {
        return from(ConfigSource.of(Map.of(), Map.of()));
    }

    /** Reads and checks the settings. */
    public static MarketConfig from(PipelineConfig config) {
        return from(config.source().scoped(config.app()));
    }

    /** Reads and checks the settings of {@code source} (already scoped). */
    public static MarketConfig from(ConfigSource source) {
        Duration grace = source.getDuration("grace", Duration.ofSeconds(5), Duration.ZERO);
        int smaShort = source.getInt("sma.short", 20, 1, 10_000);
        int smaLong = source.getInt("sma.long", 50, 2, 10_000);
        if (smaLong <= smaShort) {
            throw new ConfigException("sma.long", "must be more than sma.short (" + smaShort + "), was " + smaLong);
        }
        Duration history = source.getDuration("history.retention", Duration.ofHours(24), Duration.ofMinutes(1));
        if (history.compareTo(Duration.ofMinutes(1).plus(grace)) < 0) {
            throw new ConfigException("history.retention", "must cover a minute plus the grace (" + grace + "), was " + history);
        }
        Duration seconds = source.getDuration("candles.1s.retention", Duration.ofHours(1), Duration.ofSeconds(1));
        if (seconds.compareTo(Duration.ofSeconds(1).plus(grace)) < 0) {
            throw new ConfigException("candles.1s.retention", "must cover a second plus the grace (" + grace + "), was " + seconds);
        }
        return new MarketConfig(grace, smaShort, smaLong,
                source.getInt("volatility.candles", 20, 2, 10_000),
                source.getInt("breakout.candles", 20, 1, 10_000),
                source.getInt("anomaly.ticks", 100, 2, 1_000_000),
                source.getInt("anomaly.warmup", 30, 2, 1_000_000),
                source.getDouble("anomaly.jump.z", 6.0, 0.5, 1_000),
                source.getDouble("anomaly.volume.factor", 10.0, 1.0, 1_000_000),
                source.getDuration("anomaly.quote.stale.after", Duration.ofSeconds(1), Duration.ofMillis(1)),
                source.getDuration("alert.window", Duration.ofMinutes(1), Duration.ofSeconds(1)),
                history, seconds,
                source.getInt("movers.top", 10, 1, 1_000),
                source.getDuration("movers.flush", Duration.ofSeconds(2), Duration.ofMillis(10)),
                source.getInt("partitions", 6, 1, 1_024),
                source.getDuration("sequence.restart.after", Duration.ofMinutes(1), Duration.ofSeconds(1)),
                TradingConfig.from(source));
    }

    /** Closes kept per symbol for the indicators: enough for the longest average, the volatility and the breakout. */
    public int indicatorHistory() {
        return Math.max(smaLong, Math.max(volatilityCandles + 1, breakoutCandles + 1));
    }
}
