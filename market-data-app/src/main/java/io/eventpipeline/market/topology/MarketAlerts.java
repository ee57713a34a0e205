package io.eventpipeline.market.topology;

import io.eventpipeline.core.event.Alert;
import io.eventpipeline.core.event.Severity;
import io.eventpipeline.market.MarketTopics;
import java.time.Instant;
import java.util.Map;

/** The alert types of the market-data app and how their alerts are made. */
public final class MarketAlerts {

    public static final String PRICE_JUMP = "PRICE_JUMP";
    public static final String VOLUME_SPIKE = "VOLUME_SPIKE";
    public static final String CROSSED_QUOTES = "CROSSED_QUOTES";
    public static final String SEQUENCE_GAP = "SEQUENCE_GAP";
    public static final String SEQUENCE_RESTART = "SEQUENCE_RESTART";

    private MarketAlerts() {
    }

    /**
     * An alert about {@code symbol} in the alert window starting at {@code windowStart}. Its id,
     * {@code market-<type>-<symbol>-<windowStart epoch ms>}, names the window, so the one alert a symbol may
     * raise of a type in a window always has the same id.
     */
    static Alert alert(String type, Severity severity, String symbol, long windowStart, Instant at, String message,
                       Map<String, Object> details) {
        return new Alert("market-" + type + "-" + symbol + "-" + windowStart, MarketTopics.APP, type, severity, symbol,
                message, at, details);
    }
}
