package io.eventpipeline.clickstream.it;

import io.eventpipeline.clickstream.ClickstreamTopics;
import io.eventpipeline.clickstream.event.ClickEvent;
import io.eventpipeline.clickstream.event.EventType;
import io.eventpipeline.clickstream.topology.PageCount;
import io.eventpipeline.core.reactive.Outbound;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Collections;
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

    /**
     * Every user's sessions for inactivity {@code gap}, as {@link #session} lines in order, with nothing late:
     * an event joins the session whose last event came at most the gap before it.
     */
    List<String> sessions(Duration gap) {
        Map<String, List<ClickEvent>> byUser = new TreeMap<>();
        events.forEach(e -> byUser.computeIfAbsent(e.userId(), u -> new ArrayList<>()).add(e));
        List<String> sessions = new ArrayList<>();
        byUser.forEach((user, userEvents) -> {
            userEvents.sort(Comparator.comparing(ClickEvent::timestamp));
            Instant start = null;
            Instant last = null;
            int count = 0;
            long views = 0;
            for (ClickEvent e : userEvents) {
                if (last != null && Duration.between(last, e.timestamp()).compareTo(gap) > 0) {
                    sessions.add(session(user, start, last, count, views));
                    start = null;
                    count = 0;
                    views = 0;
                }
                start = start == null ? e.timestamp() : start;
                last = e.timestamp();
                count++;
                views += e.type() == EventType.PAGE_VIEW ? 1 : 0;
            }
            sessions.add(session(user, start, last, count, views));
        });
        Collections.sort(sessions);
        return sessions;
    }

    /** A session as compared: user, first and last event, events and page views. */
    static String session(String user, Instant start, Instant end, long events, long views) {
        return user + " " + start + " " + end + " " + events + " " + views;
    }
}
