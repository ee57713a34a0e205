package io.eventpipeline.clickstream.topology;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Pages viewed in the same sessions as one page, with how many sessions viewed both. Keeps at most
 * {@code capacity} candidates: when full, a new page replaces the least co-viewed one (space-saving), so
 * state stays bounded while pages viewed together often stay in.
 *
 * @param capacity candidates kept
 * @param counts sessions per co-viewed page
 */
public record RelatedPages(int capacity, Map<String, Long> counts) {

    public static RelatedPages empty(int capacity) {
        return new RelatedPages(capacity, Map.of());
    }

    /** This page's list with one more session that also viewed {@code page}. */
    public RelatedPages with(String page) {
        Map<String, Long> next = new LinkedHashMap<>(counts);
        if (next.containsKey(page) || next.size() < capacity) {
            next.merge(page, 1L, Long::sum);
        } else {
            // Space-saving: the newcomer takes the least co-viewed slot and inherits its count.
            String weakest = next.entrySet().stream().min(Map.Entry.<String, Long>comparingByValue()
                    .thenComparing(Map.Entry.comparingByKey())).orElseThrow().getKey();
            long inherited = next.remove(weakest);
            next.put(page, inherited + 1);
        }
        return new RelatedPages(capacity, next);
    }

    /** The {@code k} most co-viewed pages, most first, ties by page. */
    public List<PageCount> top(int k) {
        List<PageCount> all = new ArrayList<>();
        counts.forEach((page, count) -> all.add(new PageCount(page, count)));
        all.sort(Comparator.comparingLong(PageCount::views).reversed().thenComparing(PageCount::page));
        return List.copyOf(all.subList(0, Math.min(k, all.size())));
    }
}
