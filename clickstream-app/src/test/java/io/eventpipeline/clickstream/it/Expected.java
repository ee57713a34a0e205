package io.eventpipeline.clickstream.it;

import io.eventpipeline.clickstream.ClickstreamTopics;
import io.eventpipeline.clickstream.event.ClickEvent;
import io.eventpipeline.clickstream.event.EventType;
import io.eventpipeline.clickstream.topology.PageCount;
import io.eventpipeline.core.reactive.Outbound;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.errors.SerializationException;

/** What the app should compute, worked out directly from the records sent. */
final class Expected {

    final List<ClickEvent> events = new ArrayList<>();
    int malformed;

    void add(Outbound<String, byte[]> record) {
        try {
            events.add(ClickstreamTopics.EVENTS.valueSerde().deserializer().deserialize("t", record.value()));
        } catch (SerializationException e) {
            malformed++;
        }
    }

    /** Views per page per minute. */
    Map<Instant, Map<String, Long>> viewsByMinute() {
        Map<Instant, Map<String, Long>> views = new TreeMap<>();
        for (ClickEvent e : events) {
            if (e.type() == EventType.PAGE_VIEW) {
                views.computeIfAbsent(e.timestamp().truncatedTo(ChronoUnit.MINUTES), m -> new HashMap<>())
                        .merge(e.page(), 1L, Long::sum);
            }
        }
        return views;
    }

    /** The top {@code n} pages of a minute, ties by page name. */
    List<PageCount> topPages(Instant minute, int n) {
        List<PageCount> all = new ArrayList<>();
        viewsByMinute().getOrDefault(minute, Map.of()).forEach((page, views) -> all.add(new PageCount(page, views)));
        all.sort(Comparator.comparingLong(PageCount::views).reversed().thenComparing(PageCount::page));
        return all.subList(0, Math.min(n, all.size()));
    }

    /** Events of a type in a minute. */
    long count(Instant minute, EventType type) {
        return events.stream().filter(e -> e.type() == type && e.timestamp().truncatedTo(ChronoUnit.MINUTES).equals(minute)).count();
    }
}
