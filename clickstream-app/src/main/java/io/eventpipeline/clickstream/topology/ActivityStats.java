package io.eventpipeline.clickstream.topology;

import io.eventpipeline.clickstream.event.ClickEvent;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

/**
 * A user's activity in one bot-detection window.
 *
 * @param events events in the window
 * @param pages distinct pages seen, capped at {@value #MAX_PAGES}
 * @param last the latest event time
 */
public record ActivityStats(long events, Set<String> pages, Instant last) {

    /** Distinct pages kept: far above any human rate, bounded for state size. */
    static final int MAX_PAGES = 1_000;

    static ActivityStats empty() {
        return new ActivityStats(0, Set.of(), null);
    }

    ActivityStats add(ClickEvent event) {
        Set<String> next = pages;
        if (event.page() != null && pages.size() < MAX_PAGES && !pages.contains(event.page())) {
            next = new HashSet<>(pages);
            next.add(event.page());
        }
        Instant latest = last == null || event.timestamp().isAfter(last) ? event.timestamp() : last;
        return new ActivityStats(events + 1, next, latest);
    }
}
