package io.eventpipeline.market.generator;

import io.eventpipeline.core.generator.EventFactory;
import io.eventpipeline.core.generator.Zipf;
import io.eventpipeline.core.reactive.Outbound;
import io.eventpipeline.market.MarketTopics;
import io.eventpipeline.market.event.Tick;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.SplittableRandom;

/**
 * A market's ticks, one per call. Which symbol trades is drawn with Zipf popularity (exponent 1), so a few
 * symbols trade most. Each symbol's price follows geometric Brownian motion over the time since its last
 * trade, with rare jumps of 3-8 %; trades come in round lots, with rare bursts of twenty trades twenty times
 * the usual size; each is quoted a few basis points either side on one of four exchanges; sequence numbers
 * count up per symbol. Faults are injected at the configured shares: sequence gaps, duplicate records, late
 * timestamps, quotes crossed across exchanges, malformed records (not JSON, a non-positive price or size,
 * bid above ask, a price that is not a number, no symbol).
 *
 * <p>Deterministic for a seed and clock readings. Symbol {@code i} is named by {@link #symbol(int)}:
 * {@code AAA}, {@code AAB}, … ({@code AAA} the most active).
 */
public final class TradingDay implements EventFactory<String, byte[]> {

    static final String[] EXCHANGES = {"XNAS", "XNYS", "ARCX", "BATS"};
    static final int BURST_TRADES = 20;
    static final int BURST_FACTOR = 20;
    private static final String[] MALFORMED = {"{\"symbol\":\"BROKEN", "not json at all",
            "{\"symbol\":\"AAA\",\"price\":-1.0,\"size\":100,\"sequence\":1,\"timestamp\":\"2026-01-01T00:00:00Z\"}",
            "{\"symbol\":\"AAA\",\"price\":10.0,\"size\":0,\"sequence\":1,\"timestamp\":\"2026-01-01T00:00:00Z\"}",
            "{\"symbol\":\"AAA\",\"price\":10.0,\"size\":100,\"bid\":10.5,\"ask\":10.4,\"sequence\":1,\"timestamp\":\"2026-01-01T00:00:00Z\"}",
            "{\"symbol\":\"AAA\",\"price\":\"abc\",\"size\":100,\"sequence\":1,\"timestamp\":\"2026-01-01T00:00:00Z\"}",
            "{\"price\":10.0,\"size\":100,\"sequence\":1,\"timestamp\":\"2026-01-01T00:00:00Z\"}"};

    /**
     * @param symbols how many
     * @param volatility standard deviation of log price moves per square-root second
     * @param jumps share of ticks that jump
     * @param bursts share of ticks that start a volume burst
     * @param gaps share of ticks that come after skipped sequence numbers
     * @param duplicates share of records sent twice
     * @param late share of ticks stamped 0.2-3 s in the past
     * @param crossed share of ticks quoted above the other exchanges' asks
     * @param malformed share of records that are not valid ticks
     */
    record Settings(int symbols, double volatility, double jumps, double bursts, double gaps, double duplicates,
                    double late, double crossed, double malformed) {
    }

    private final Settings settings;
    private final Zipf activity;
    private final double[] price;
    private final long[] lastAt;
    private final long[] sequence;
    private final int[] burstLeft;
    private Outbound<String, byte[]> previous;

    TradingDay(Settings settings) {
        this.settings = settings;
        this.activity = new Zipf(settings.symbols(), 1.0);
        this.price = new double[settings.symbols()];
        this.lastAt = new long[settings.symbols()];
        this.sequence = new long[settings.symbols()];
        this.burstLeft = new int[settings.symbols()];
        for (int s = 0; s < settings.symbols(); s++) {
            price[s] = 10 + new SplittableRandom(s * 0x9E3779B97F4A7C15L).nextDouble() * 490;
        }
    }

    /** The name of symbol {@code index}: three or more capital letters, {@code AAA} for 0. */
    public static String symbol(int index) {
        StringBuilder name = new StringBuilder();
        int rest = index;
        do {
            name.append((char) ('A' + rest % 26));
            rest /= 26;
        } while (rest > 0);
        while (name.length() < 3) {
            name.append('A');
        }
        return name.reverse().toString();
    }

    @Override
    public Outbound<String, byte[]> next(long n, SplittableRandom random, Instant now) {
        if (previous != null && random.nextDouble() < settings.duplicates()) {
            return previous;
        }
        if (random.nextDouble() < settings.malformed()) {
            return Outbound.of("AAA", MALFORMED[random.nextInt(MALFORMED.length)].getBytes(StandardCharsets.UTF_8));
        }
        int s = activity.next(random);
        Tick tick = tick(s, now, random);
        previous = Outbound.of(tick.symbol(), MarketTopics.TICKS.valueSerde().serializer().serialize(MarketTopics.TICKS.name(), tick));
        return previous;
    }

    private Tick tick(int s, Instant now, SplittableRandom random) {
        long at = now.toEpochMilli();
        double seconds = lastAt[s] == 0 ? 1.0 : Math.max(0.001, (at - lastAt[s]) / 1000.0);
        lastAt[s] = at;
        double sigma = settings.volatility();
        price[s] *= Math.exp(-sigma * sigma * seconds / 2 + sigma * Math.sqrt(seconds) * random.nextGaussian());
        if (random.nextDouble() < settings.jumps()) {
            double jump = random.nextDouble(0.03, 0.08);
            price[s] *= random.nextBoolean() ? 1 + jump : 1 - jump;
        }
        price[s] = Math.max(1.0, price[s]);
        double traded = cents(price[s]);

        long size = 100L * (1 + (long) (-Math.log(1 - random.nextDouble()) * 3));
        if (burstLeft[s] > 0) {
            burstLeft[s]--;
            size *= BURST_FACTOR;
        } else if (random.nextDouble() < settings.bursts()) {
            burstLeft[s] = BURST_TRADES;
        }

        double halfSpread = Math.max(0.01, cents(traded * random.nextDouble(0.0002, 0.0005)));
        double bid = cents(traded - halfSpread);
        double ask = cents(traded + halfSpread);
        if (random.nextDouble() < settings.crossed()) {
            bid = cents(traded + 2 * halfSpread + 0.01); // above every other exchange's ask
            ask = cents(bid + 0.01);
        }
        if (random.nextDouble() < settings.gaps()) {
            sequence[s] += 1 + random.nextInt(5);
        }
        sequence[s]++;
        Instant stamped = random.nextDouble() < settings.late() ? now.minusMillis(200 + random.nextInt(2_800)) : now;
        return new Tick(symbol(s), traded, size, bid, ask, EXCHANGES[random.nextInt(EXCHANGES.length)], sequence[s], stamped);
    }

    private static double cents(double value) {
        return Math.round(value * 100.0) / 100.0;
    }
}
