package io.eventpipeline.clickstream.event;

import io.eventpipeline.core.event.EventTime;
import io.eventpipeline.core.event.Validating;
import java.time.Duration;
import java.time.Instant;

/**
 * One user interaction, the value of {@code clickstream.events} (key: userId).
 *
 * <pre>{@code {"eventId":"…","userId":"…","sessionId":"…","type":"PAGE_VIEW","page":"/p/123","referrer":"…",
 *  "query":"…","productId":"…","amount":12.5,"userAgent":"…","timestamp":"2026-11-22T10:15:30.123Z"}}</pre>
 *
 * Fields a type does not need may be absent. Rules: eventId, userId, type and timestamp are required;
 * PAGE_VIEW and CLICK need a page, SEARCH a query, ADD_TO_CART a productId, PURCHASE an amount; an
 * amount is never negative; the timestamp is at most {@link #MAX_FUTURE} ahead of now.
 */
public record ClickEvent(String eventId, String userId, String sessionId, EventType type, String page,
                         String referrer, String query, String productId, Double amount, String userAgent,
                         Instant timestamp) implements Validating, EventTime {

    /** How far in the future a timestamp may lie (clock skew) before the event is rejected. */
    public static final Duration MAX_FUTURE = Duration.ofHours(1);

    @Override
    public void validate() {
        Validating.requireText("eventId", eventId);
        Validating.requireText("userId", userId);
        Validating.requirePresent("type", type);
        Validating.requireNotFarFuture("timestamp", timestamp, MAX_FUTURE);
        switch (type) {
            case PAGE_VIEW, CLICK -> Validating.requireText("page", page);
            case SEARCH -> Validating.requireText("query", query);
            case ADD_TO_CART -> Validating.requireText("productId", productId);
            case PURCHASE -> Validating.requirePresent("amount", amount);
        }
        if (amount != null) {
            Validating.requireRange("amount", amount, 0, 1e9);
        }
    }

    @Override
    public Instant eventTime() {
        return timestamp;
    }

    /** A page view: the common case, for tests and the generator. */
    public static ClickEvent pageView(String eventId, String userId, String sessionId, String page, Instant at) {
        return new ClickEvent(eventId, userId, sessionId, EventType.PAGE_VIEW, page, null, null, null, null, null, at);
    }

    /** This event with another type and the field that type needs. */
    public ClickEvent as(EventType newType, String newPage, String newProductId, Double newAmount) {
        return new ClickEvent(eventId, userId, sessionId, newType, newPage, referrer, query, newProductId, newAmount,
                userAgent, timestamp);
    }
}
