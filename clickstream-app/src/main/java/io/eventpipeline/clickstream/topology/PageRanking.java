package io.eventpipeline.clickstream.topology;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The top pages of one window, most viewed first; ties go to the page that sorts first, so a ranking
 * is deterministic. Each page's final count arrives once per window, so keeping only the best
 * {@code size} entries is exact.
 *
 * @param windowStart epoch milliseconds
 * @param windowEnd epoch milliseconds
 * @param size how many pages the ranking keeps
 * @param pages the ranking
 */
public record PageRanking(long windowStart, long windowEnd, int size, List<PageCount> pages) {

    static final Comparator<PageCount> ORDER = Comparator.comparingLong(PageCount::views).reversed()
            .thenComparing(PageCount::page);

    public static PageRanking empty(int size) {
        return new PageRanking(0, 0, size, List.of());
    }

    /** This ranking with {@code count} placed (replacing an earlier count of the same page). */
    public PageRanking with(long start, long end, PageCount count) {
        List<PageCount> next = new ArrayList<>(pages.size() + 1);
        for (PageCount p : pages) {
            if (!p.page().equals(count.page())) {
                next.add(p);
            }
        }
        next.add(count);
        next.sort(ORDER);
        return new PageRanking(start, end, size, List.copyOf(next.subList(0, Math.min(size, next.size()))));
    }
}
