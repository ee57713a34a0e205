package io.eventpipeline.market.trading;

import java.util.List;
import java.util.Map;

/**
 * The risk manager's book of one symbol.
 *
 * @param position shares held (negative: short), fills booked
 * @param reservations per trade (flowId), the signed quantity reserved and not yet booked or released
 * @param booked the most recent trades whose fill was booked (at most {@value RiskTopology#BOOKED_KEPT}), so a
 *               repeated command books nothing twice
 * @param released the most recent trades whose reservation was released (at most
 *                 {@value RiskTopology#BOOKED_KEPT}), so a risk check that arrives after its trade was undone
 *                 reserves nothing
 */
public record RiskState(long position, Map<String, Long> reservations, List<String> booked, List<String> released) {

    public RiskState {
        reservations = Map.copyOf(reservations);
        booked = List.copyOf(booked);
        // Books written before trades were remembered as released have none.
        released = released == null ? List.of() : List.copyOf(released);
    }

    static RiskState empty() {
        return new RiskState(0, Map.of(), List.of(), List.of());
    }

    /** Whether the trade is over here: its fill booked or its reservation released. */
    boolean settled(String flow) {
        return booked.contains(flow) || released.contains(flow);
    }

    long reserved() {
        return reservations.values().stream().mapToLong(Long::longValue).sum();
    }

    /** The signed quantity reserved on the side of a trade of {@code quantity} (buys if positive, sells if not). */
    long reserved(long quantity) {
        return reservations.values().stream().mapToLong(Long::longValue)
                .filter(q -> quantity > 0 ? q > 0 : q < 0).sum();
    }

    /**
     * The position if every open trade on the side of {@code quantity} filled, that trade too, and every trade
     * on the other side were released.
     */
    long worstCase(long quantity) {
        return position + reserved(quantity) + quantity;
    }
}
