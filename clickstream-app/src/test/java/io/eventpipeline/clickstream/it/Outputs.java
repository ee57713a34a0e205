package io.eventpipeline.clickstream.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.core.type.TypeReference;
import io.eventpipeline.clickstream.ClickstreamTopics;
import io.eventpipeline.clickstream.event.ClickEvent;
import io.eventpipeline.clickstream.event.SessionSummary;
import io.eventpipeline.clickstream.event.EventType;
import io.eventpipeline.clickstream.topology.PageCount;
import io.eventpipeline.core.event.DashboardUpdate;
import io.eventpipeline.core.reactive.EventSink;
import io.eventpipeline.core.reactive.Outbound;
import io.eventpipeline.core.serde.Json;
import io.eventpipeline.localkafka.LocalKafkaBroker;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Writing events and reading the app's outputs, for the integration tests. */
final class Outputs {

    private Outputs() {
    }

    /**
     * Closes the windows of input that {@code group} has consumed, without making any of it late. First events
     * {@code nextBucket} on (a newer pre-aggregation bucket than the input's, inside its windows' grace) on many
     * keys: every task sends its buffered partials before buffering these, so once they are consumed, and the
     * partials too, everything before is counted. Then events {@code closing} on, which close the windows.
     *
     * @return how many events it sent
     */
    /** Events per tail: enough keys to reach every partition. */
    private static final int TAIL = 300;

    static int closeWindows(LocalKafkaBroker broker, String group, EventSink<String, byte[]> sink, Instant nextBucket,
                             Instant closing) {
        send(sink, tail("tail-next-", nextBucket));
        Topics.awaitConsumed(broker, group, ClickstreamTopics.EVENTS.name());
        for (String partials : List.of("clickstream-group-view-counts-by-page-repartition",
                "clickstream-group-partial-funnels-repartition")) {
            Topics.awaitConsumed(broker, group, group + "-" + partials);
        }
        send(sink, tail("tail-closing-", closing));
        return 2 * TAIL;
    }

    private static List<Outbound<String, byte[]>> tail(String prefix, Instant at) {
        List<Outbound<String, byte[]>> tail = new ArrayList<>();
        for (int i = 0; i < TAIL; i++) {
            tail.add(raw(ClickEvent.pageView(prefix + i, prefix + "user-" + i, "s", "/tail/" + i, at)));
        }
        return tail;
    }

    private static void send(EventSink<String, byte[]> sink, List<Outbound<String, byte[]>> records) {
        long failed = sink.send(reactor.core.publisher.Flux.fromIterable(records)).filter(r -> !r.ok()).count().block();
        if (failed != 0) {
            throw new AssertionError(failed + " records could not be sent");
        }
    }

    static Outbound<String, byte[]> raw(ClickEvent event) {
        return Outbound.of(event.userId(), ClickstreamTopics.EVENTS.valueSerde().serializer().serialize("t", event));
    }

    static List<PageCount> pages(DashboardUpdate update) {
        return Json.mapper().convertValue(update.data().get("pages"), new TypeReference<List<PageCount>>() { });
    }

    /** Waits for the dashboard's update of {@code panel} for the window at {@code start} to satisfy {@code done}. */
    static DashboardUpdate awaitFinal(LocalKafkaBroker broker, String panel, Instant start,
                                              java.util.function.Predicate<DashboardUpdate> done) {
        List<ConsumerRecord<byte[], byte[]>> last = new ArrayList<>();
        try {
            var records = Topics.readUntil(broker, ClickstreamTopics.DASHBOARD.name(), seen -> {
                last.clear();
                last.addAll(seen);
                return latest(seen, panel, start) != null && done.test(latest(seen, panel, start));
            }, panel + " for " + start);
            return latest(records, panel, start);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; the latest " + panel + " for " + start + " was "
                    + latest(last, panel, start), e);
        }
    }

    /**
     * Asserts that the final top-pages ranking and funnel of each one-minute window at {@code minutes} equal
     * those computed from the input.
     */
    static void assertMinutesExact(LocalKafkaBroker broker, Expected expected, List<Instant> minutes) {
        for (Instant minute : minutes) {
            List<PageCount> expectedTop = expected.topPages(minute, 10);
            DashboardUpdate ranking = awaitFinal(broker, "top-pages-1m", minute, u -> pages(u).equals(expectedTop));
            assertEquals(expectedTop, pages(ranking));
            long views = expected.count(minute, EventType.PAGE_VIEW);
            DashboardUpdate funnel = awaitFinal(broker, "funnel-1m", minute,
                    u -> ((Number) u.data().get("views")).longValue() == views);
            assertEquals(expected.count(minute, EventType.ADD_TO_CART), ((Number) funnel.data().get("carts")).longValue());
            assertEquals(expected.count(minute, EventType.PURCHASE), ((Number) funnel.data().get("purchases")).longValue());
        }
    }

    static DashboardUpdate latest(List<ConsumerRecord<byte[], byte[]>> records, String panel, Instant start) {
        DashboardUpdate latest = null;
        for (ConsumerRecord<byte[], byte[]> r : records) {
            DashboardUpdate u = ClickstreamTopics.DASHBOARD.valueSerde().deserializer().deserialize("t", r.value());
            if (u.panel().equals(panel) && u.windowStart().equals(start)) {
                latest = u;
            }
        }
        return latest;
    }


    /** The sessions in {@code records} of {@code clickstream.sessions} as {@link Expected#session} lines, sorted, the tails' left out. */
    static List<String> sessions(List<ConsumerRecord<byte[], byte[]>> records) {
        List<String> sessions = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            SessionSummary s = ClickstreamTopics.SESSIONS.valueSerde().deserializer().deserialize("t", r.value());
            if (!s.userId().startsWith("tail-")) {
                sessions.add(Expected.session(s.userId(), s.start(), s.end(), s.events(), s.pageViews()));
            }
        }
        java.util.Collections.sort(sessions);
        return sessions;
    }
}
