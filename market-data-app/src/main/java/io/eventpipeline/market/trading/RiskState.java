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
 */
public record RiskState(long position, Map<String, Long> reservations, List<String> booked) {

    public RiskState {
        reservations = Map.copyOf(reservations);
        booked = List.copyOf(booked);
    }

    static RiskState empty() {
        return new RiskState(0, Map.of(), List.of());
    }

    long reserved() {
        return reservations.values().stream().mapToLong(Long::longValue).sum();
    }
}
