package io.eventpipeline.clickstream.topology;

import io.eventpipeline.clickstream.event.ClickEvent;
import java.time.Instant;
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

    /**
     * Pages as an immutable set ({@link Set#of}, one array): a window is held in memory while it is open, for
     * every user active in it, and with two million users the {@code HashSet}s of a few pages each were most
     * of the heap (a table, a map and a node per page: about 200 bytes for one page, against 24).
     */
    public ActivityStats {
        pages = pages == null ? Set.of() : Set.copyOf(pages);
    }

    static ActivityStats empty() {
        return new ActivityStats(0, Set.of(), null);
    }

    ActivityStats add(ClickEvent event) {
        Set<String> next = pages;
        if (event.page() != null && pages.size() < MAX_PAGES && !pages.contains(event.page())) {
            String[] more = pages.toArray(new String[pages.size() + 1]);
            more[pages.size()] = event.page();
            next = Set.of(more);
        }
        Instant latest = last == null || event.timestamp().isAfter(last) ? event.timestamp() : last;
        return new ActivityStats(events + 1, next, latest);
    }
}
