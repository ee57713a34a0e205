package io.eventpipeline.market.trading;

import io.eventpipeline.core.config.ConfigSource;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Settings of trade execution and of its simulated participants.
 *
 * @param enabled whether signals start trades ({@code trade.enabled}, default true)
 * @param quantity shares per trade ({@code trade.quantity}, default 100)
 * @param stepTimeout how long each step waits for its reply ({@code trade.step.timeout}, default 2s)
 * @param attempts attempts per step before the trade is undone ({@code trade.attempts}, default 3)
 * @param fillTimeout how long a placed order may wait for its fill ({@code trade.fill.timeout}, default 5s)
 * @param maxPosition the largest position, long or short, per symbol, counting reserved trades
 *                    ({@code risk.max.position}, default 5000 shares)
 * @param halted symbols not to trade ({@code risk.halted}, comma-separated, default none)
 * @param fillLatency how long after acknowledging an order the simulated exchange fills it
 *                    ({@code exchange.fill.latency}, default 200ms)
 * @param rejectShare share of orders the exchange rejects ({@code exchange.reject.share}, default 0.02)
 * @param lostAckShare share of orders whose acknowledgement is lost, so the step is retried
 *                     ({@code exchange.lost.ack.share}, default 0.01)
 * @param noFillShare share of orders that never fill, so the trade is undone ({@code exchange.no.fill.share}, default 0.02)
 */
public record TradingConfig(boolean enabled, long quantity, Duration stepTimeout, int attempts, Duration fillTimeout,
                            long maxPosition, Set<String> halted, Duration fillLatency, double rejectShare,
                            double lostAckShare, double noFillShare) {

    public TradingConfig {
        halted = Set.copyOf(halted);
    }

    public static TradingConfig from(ConfigSource source) {
        String halted = source.getString("risk.halted", "");
        return new TradingConfig(
                source.getBoolean("trade.enabled", true),
                source.getLong("trade.quantity", 100, 1, 1_000_000_000),
                source.getDuration("trade.step.timeout", Duration.ofSeconds(2), Duration.ofMillis(10)),
                source.getInt("trade.attempts", 3, 1, 100),
                source.getDuration("trade.fill.timeout", Duration.ofSeconds(5), Duration.ofMillis(10)),
                source.getLong("risk.max.position", 5_000, 0, Long.MAX_VALUE / 4),
                Arrays.stream(halted.split(",")).map(String::strip).filter(s -> !s.isEmpty())
                        .map(s -> s.toUpperCase(Locale.ROOT)).collect(Collectors.toSet()),
                source.getDuration("exchange.fill.latency", Duration.ofMillis(200), Duration.ZERO),
                source.getDouble("exchange.reject.share", 0.02, 0, 1),
                source.getDouble("exchange.lost.ack.share", 0.01, 0, 1),
                source.getDouble("exchange.no.fill.share", 0.02, 0, 1));
    }

    /**
     * Whether the exchange's decision named {@code what} applies to the order with {@code key}, at {@code share}:
     * a pure function of both, so a command processed again after a crash gets the same decision.
     */
    static boolean decides(String what, String key, double share) {
        long h = (what + "|" + key).hashCode() * 0x9E3779B97F4A7C15L;
        h ^= h >>> 31;
        return (h >>> 11) * 0x1.0p-53 < share;
    }
}
