package io.eventpipeline.market.trading;

/**
 * An order at the simulated exchange.
 *
 * @param quantity unsigned
 * @param status {@code OPEN} (acknowledged or not, waiting to fill), {@code FILLED}, {@code CANCELLED},
 *               {@code REJECTED}
 * @param fillAt when (wall clock, epoch ms) an open order fills; 0 if it never will
 */
public record ExchangeOrder(String orderId, String flowId, String symbol, String side, long quantity, double price,
                            String status, long fillAt) {

    ExchangeOrder withStatus(String newStatus) {
        return new ExchangeOrder(orderId, flowId, symbol, side, quantity, price, newStatus, fillAt);
    }
}
