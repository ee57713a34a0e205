package io.eventpipeline.market.topology;

import io.eventpipeline.market.event.Candle;
import io.eventpipeline.market.event.Tick;
import java.time.Instant;
import org.apache.kafka.streams.kstream.Window;

/**
 * A candle being built, as stored: open and close are kept with the event time and sequence of their
 * trades, so a late tick amends them correctly (the earliest trade opens, the latest closes, ties broken by
 * sequence), and the value traded is summed so VWAP needs no division until it is read.
 */
public record CandleState(double open, long openAt, long openSequence, double high, double low, double close,
                          long closeAt, long closeSequence, long volume, double notional, long trades) {

    static CandleState empty() {
        return new CandleState(0, Long.MAX_VALUE, Long.MAX_VALUE, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, 0,
                Long.MIN_VALUE, Long.MIN_VALUE, 0, 0, 0);
    }

    /** This candle with {@code tick} traded in it. */
    CandleState add(Tick tick) {
        long at = tick.timestamp().toEpochMilli();
        long sequence = tick.sequence();
        double price = tick.price();
        boolean opens = at < openAt || (at == openAt && sequence < openSequence);
        boolean closes = at > closeAt || (at == closeAt && sequence > closeSequence);
        return new CandleState(opens ? price : open, opens ? at : openAt, opens ? sequence : openSequence,
                Math.max(high, price), Math.min(low, price), closes ? price : close, closes ? at : closeAt,
                closes ? sequence : closeSequence, volume + tick.size(), notional + price * tick.size(), trades + 1);
    }

    /** Volume-weighted average price. */
    double vwap() {
        return notional / volume;
    }

    /** The published form, for {@code symbol} in {@code window}. */
    Candle toCandle(String symbol, String interval, Window window) {
        return toCandle(symbol, interval, Instant.ofEpochMilli(window.start()), Instant.ofEpochMilli(window.end()));
    }

    /** The published form, for {@code symbol} in the window from {@code start} to {@code end}. */
    public Candle toCandle(String symbol, String interval, Instant start, Instant end) {
        return new Candle(symbol, interval, start, end, open, high, low, close, volume, trades, vwap());
    }
}
