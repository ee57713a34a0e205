package io.eventpipeline.market.topology;

import io.eventpipeline.market.event.Candle;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The movers of one minute: the symbols with the largest rise and fall from open to close, and the most
 * traded by value, each list at most {@code movers.top} long. Also what {@code GET /movers} answers.
 *
 * @param windowStart the minute
 * @param windowEnd its end
 * @param symbols symbols that traded in it
 * @param gainers largest change first
 * @param losers smallest (most negative) change first
 * @param mostTraded largest value traded first
 */
public record Movers(Instant windowStart, Instant windowEnd, long symbols, List<Mover> gainers, List<Mover> losers,
                     List<Mover> mostTraded) {

    /** One symbol's minute. {@code change} is a fraction of the open; {@code notional} is price times size. */
    public record Mover(String symbol, double open, double close, double change, long volume, long trades, double notional) {

        static Mover of(Candle candle) {
            return new Mover(candle.symbol(), candle.open(), candle.close(), candle.change(), candle.volume(),
                    candle.trades(), candle.notional());
        }
    }

    static final Comparator<Mover> BY_CHANGE = Comparator.comparingDouble(Mover::change).thenComparing(Mover::symbol);
    static final Comparator<Mover> BY_NOTIONAL = Comparator.comparingDouble(Mover::notional).thenComparing(Mover::symbol);

    static Movers empty(Candle first) {
        return new Movers(first.windowStart(), first.windowEnd(), 0, List.of(), List.of(), List.of());
    }

    /** These movers with {@code candle}'s symbol in the running. */
    Movers add(Candle candle, int top) {
        Mover mover = Mover.of(candle);
        return new Movers(windowStart, windowEnd, symbols + 1, ranked(gainers, mover, BY_CHANGE.reversed(), top),
                ranked(losers, mover, BY_CHANGE, top), ranked(mostTraded, mover, BY_NOTIONAL.reversed(), top));
    }

    private static List<Mover> ranked(List<Mover> list, Mover mover, Comparator<Mover> order, int top) {
        List<Mover> next = new ArrayList<>(list.size() + 1);
        for (Mover m : list) {
            if (!m.symbol().equals(mover.symbol())) {
                next.add(m);
            }
        }
        next.add(mover);
        next.sort(order);
        return next.size() > top ? List.copyOf(next.subList(0, top)) : List.copyOf(next);
    }
}
