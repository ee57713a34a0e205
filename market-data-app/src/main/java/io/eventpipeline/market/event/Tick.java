package io.eventpipeline.market.event;

import io.eventpipeline.core.event.EventTime;
import io.eventpipeline.core.event.InvalidEventException;
import io.eventpipeline.core.event.Validating;
import java.time.Duration;
import java.time.Instant;

/**
 * One trade with the quote beside it, the value of {@code market.ticks} (key: symbol).
 *
 * <pre>{@code {"symbol":"ACME","price":101.25,"size":300,"bid":101.24,"ask":101.26,"exchange":"XNAS",
 *  "sequence":123456,"timestamp":"2026-11-22T14:30:00.123Z"}}</pre>
 *
 * Rules: {@code symbol}, {@code price}, {@code size}, {@code sequence} and {@code timestamp} are required;
 * price and size are positive; {@code bid} and {@code ask}, when both are given, are positive with
 * {@code bid <= ask}; {@code sequence} is not negative; the timestamp is at most {@link #MAX_FUTURE} ahead of
 * now. {@code exchange} is optional (the anomaly monitor compares quotes across exchanges when it is there).
 * A field of the wrong JSON type (a price of {@code "abc"}) fails to read, and the tick goes to the dead
 * letters like any invalid one.
 */
public record Tick(String symbol, Double price, Long size, Double bid, Double ask, String exchange, Long sequence,
                   Instant timestamp) implements Validating, EventTime {

    /** How far in the future a timestamp may lie (clock skew) before the tick is rejected. */
    public static final Duration MAX_FUTURE = Duration.ofHours(1);

    @Override
    public void validate() {
        // No message is built unless a rule is broken: this runs for every tick.
        Validating.requireText("symbol", symbol);
        Validating.requirePresent("price", price);
        Validating.requirePositive("price", price);
        Validating.requirePresent("size", size);
        Validating.requirePositive("size", size);
        Validating.requirePresent("sequence", sequence);
        Validating.requireNotNegative("sequence", sequence);
        if (bid != null) {
            Validating.requirePositive("bid", bid);
        }
        if (ask != null) {
            Validating.requirePositive("ask", ask);
        }
        if (bid != null && ask != null && bid > ask) {
            throw new InvalidEventException("bid " + bid + " above ask " + ask);
        }
        Validating.requireNotFarFuture("timestamp", timestamp, MAX_FUTURE);
    }

    @Override
    public Instant eventTime() {
        return timestamp;
    }

    /** Whether the tick carries a two-sided quote from a named exchange. */
    public boolean hasQuote() {
        return bid != null && ask != null && exchange != null && !exchange.isBlank();
    }
}
