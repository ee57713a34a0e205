package io.eventpipeline.market.trading;

import java.util.Map;

/**
 * What a participant reads from a trade command's payload.
 *
 * @param quantity signed: positive buys, negative sells
 */
record Order(String symbol, String side, long quantity, double price, Long filledQuantity, Double fillPrice) {

    static Order of(Map<String, Object> payload) {
        String side = (String) payload.get("side");
        long quantity = ((Number) payload.get("quantity")).longValue();
        Object filled = payload.get("filledQuantity");
        Object fillPrice = payload.get("fillPrice");
        return new Order((String) payload.get("symbol"), side, "SELL".equals(side) ? -quantity : quantity,
                ((Number) payload.get("price")).doubleValue(), filled == null ? null : ((Number) filled).longValue(),
                fillPrice == null ? null : ((Number) fillPrice).doubleValue());
    }

    /** The fill, signed like the order. */
    long signedFill() {
        return "SELL".equals(side) ? -filledQuantity : filledQuantity;
    }
}
