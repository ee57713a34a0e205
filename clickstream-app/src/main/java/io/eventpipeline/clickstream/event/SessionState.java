package io.eventpipeline.clickstream.event;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * A session being built: the aggregate of a session window, merged when two sessions join.
 *
 * @param events events so far
 * @param pageViews page views so far
 * @param purchases purchases so far
 * @param revenue the sum of purchase amounts
 * @param first the earliest event time
 * @param last the latest event time
 * @param pages distinct pages in the order their views arrived, capped at {@value #MAX_PAGES}
 */
public record SessionState(long events, long pageViews, long purchases, double revenue, Instant first, Instant last,
                           List<String> pages) {

    /** Distinct pages kept per session: enough for co-visitation, bounded for state size. */
    public static final int MAX_PAGES = 50;

    public static SessionState empty() {
        return new SessionState(0, 0, 0, 0, null, null, List.of());
    }

    /** This session with {@code event} added. */
    public SessionState add(ClickEvent event) {
        boolean view = event.type() == EventType.PAGE_VIEW;
        boolean purchase = event.type() == EventType.PURCHASE;
        List<String> newPages = pages;
        if (view && pages.size() < MAX_PAGES && !pages.contains(event.page())) {
            newPages = new ArrayList<>(pages);
            newPages.add(event.page());
        }
        return new SessionState(events + 1, pageViews + (view ? 1 : 0), purchases + (purchase ? 1 : 0),
                revenue + (purchase && event.amount() != null ? event.amount() : 0),
                min(first, event.timestamp()), max(last, event.timestamp()), newPages);
    }

    /** The union of two sessions that an event bridged. Pages keep the earlier session's order first. */
    public SessionState merge(SessionState other) {
        boolean thisFirst = first == null || (other.first != null && !other.first.isBefore(first));
        LinkedHashSet<String> union = new LinkedHashSet<>(thisFirst ? pages : other.pages);
        union.addAll(thisFirst ? other.pages : pages);
        List<String> merged = new ArrayList<>(union).subList(0, Math.min(union.size(), MAX_PAGES));
        return new SessionState(events + other.events, pageViews + other.pageViews, purchases + other.purchases,
                revenue + other.revenue, min(first, other.first), max(last, other.last), List.copyOf(merged));
    }

    /** The published form. */
    public SessionSummary summary(String userId) {
        long duration = first == null || last == null ? 0 : last.toEpochMilli() - first.toEpochMilli();
        return new SessionSummary(userId, first, last, duration, events, pageViews, pageViews <= 1 && purchases == 0,
                purchases > 0, revenue, pages);
    }

    private static Instant min(Instant a, Instant b) {
        return a == null ? b : b == null ? a : a.isBefore(b) ? a : b;
    }

    private static Instant max(Instant a, Instant b) {
        return a == null ? b : b == null ? a : a.isAfter(b) ? a : b;
    }
}
