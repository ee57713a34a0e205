package io.eventpipeline.clickstream.event;

/** What a user did. */
public enum EventType {
    PAGE_VIEW,
    CLICK,
    SEARCH,
    ADD_TO_CART,
    PURCHASE
}
