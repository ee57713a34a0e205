package io.eventpipeline.clickstream.topology;

import io.eventpipeline.clickstream.ClickstreamConfig;
import io.eventpipeline.clickstream.ClickstreamTopics;
import io.eventpipeline.clickstream.event.ClickEvent;
import io.eventpipeline.clickstream.event.EventType;
import io.eventpipeline.core.event.DashboardUpdate;
import io.eventpipeline.core.serde.JsonSerde;
import io.eventpipeline.core.serde.StateSerde;
import io.eventpipeline.core.streams.PreAggregation;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KGroupedStream;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Suppressed;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;

/**
 * Page analytics: views per page in 1-minute tumbling windows and 5-minute hopping windows (1-minute
 * advance), and the top pages of each window ("hot items").
 *
 * <p>In: page views of {@code clickstream.events} (key userId). Out: {@code clickstream.dashboard},
 * key {@code top-pages-1m} or {@code top-pages-5m}, value a {@link DashboardUpdate} whose data is
 * {@code {"pages":[{"page":…,"views":…},…]}}, published once per window after it closes (grace included).
 * Stores: {@code clickstream-preaggregate-page-views-buffer} (each task's partial counts per page and minute),
 * {@value #VIEWS_1M_STORE}, {@value #VIEWS_5M_STORE} (live counts per page and window) and
 * {@code clickstream-top-pages-<1m|5m>} (rankings by window start).
 */
public final class PageAnalyticsTopology {

    public static final String VIEWS_1M_STORE = "clickstream-page-views-1m";
    public static final String VIEWS_5M_STORE = "clickstream-page-views-5m";
    public static final String TOP_1M_STORE = "clickstream-top-pages-1m";
    public static final String TOP_5M_STORE = "clickstream-top-pages-5m";

    private PageAnalyticsTopology() {
    }

    public static void build(KStream<String, ClickEvent> events, ClickstreamConfig config) {
        // Count by page. Each task first counts its own views per page and minute, so the repartition
        // topic carries one partial count per page and flush instead of every view; a minute bucket fits
        // both the tumbling and the hopping windows below.
        PreAggregation<String, ClickEvent, String, Long> partialCounts = PreAggregation.counting(
                "clickstream-preaggregate-page-views", Duration.ofMinutes(1), config.preaggregateInterval(),
                (user, event) -> event.type() == EventType.PAGE_VIEW ? event.page() : null, Serdes.String());
        KGroupedStream<String, Long> viewsByPage = partialCounts.applyTo(events)
                .groupByKey(Grouped.with("clickstream-group-view-counts-by-page", Serdes.String(), Serdes.Long()));

        rankPages(viewsByPage, "1m", TimeWindows.ofSizeAndGrace(Duration.ofMinutes(1), config.grace()),
                VIEWS_1M_STORE, TOP_1M_STORE, config);
        rankPages(viewsByPage, "5m", TimeWindows.ofSizeAndGrace(Duration.ofMinutes(5), config.grace())
                .advanceBy(Duration.ofMinutes(1)), VIEWS_5M_STORE, TOP_5M_STORE, config);
    }

    private static void rankPages(KGroupedStream<String, Long> viewsByPage, String label, TimeWindows windows,
                                  String countStore, String rankingStore, ClickstreamConfig config) {
        String panel = "top-pages-" + label;
        viewsByPage
                .windowedBy(windows)
                .reduce(Long::sum, Named.as("clickstream-count-page-views-" + label),
                        Materialized.<String, Long, WindowStore<Bytes, byte[]>>as(countStore)
                                .withKeySerde(Serdes.String()).withValueSerde(Serdes.Long()))
                // Final counts only: each page's count leaves once, when its window has closed.
                .suppress(Suppressed.<Windowed<String>>untilWindowCloses(Suppressed.BufferConfig.unbounded())
                        .withName("clickstream-suppress-page-views-" + label))
                .toStream(Named.as("clickstream-final-page-views-" + label))
                // All pages of a window meet under the window's start, where they are ranked.
                .map((window, views) -> KeyValue.pair(window.window().start(),
                        new WindowedPageCount(window.window().start(), window.window().end(), new PageCount(window.key(), views))),
                        Named.as("clickstream-key-page-views-by-window-" + label))
                .groupByKey(Grouped.with("clickstream-group-page-views-by-window-" + label, Serdes.Long(),
                        JsonSerde.of(WindowedPageCount.class)))
                .aggregate(() -> PageRanking.empty(config.topPages()),
                        (start, count, ranking) -> ranking.with(count.windowStart(), count.windowEnd(), count.count()),
                        Named.as("clickstream-rank-pages-" + label),
                        Materialized.<Long, PageRanking, KeyValueStore<Bytes, byte[]>>as(rankingStore)
                                .withKeySerde(Serdes.Long()).withValueSerde(StateSerde.of(PageRanking.class)))
                .toStream(Named.as("clickstream-page-rankings-" + label))
                .map((start, ranking) -> KeyValue.pair(panel, dashboard(panel, ranking)),
                        Named.as("clickstream-dashboard-top-pages-" + label))
                .to(ClickstreamTopics.DASHBOARD.name(), ClickstreamTopics.DASHBOARD.producedAs("clickstream-sink-top-pages-" + label));
    }

    private static DashboardUpdate dashboard(String panel, PageRanking ranking) {
        return new DashboardUpdate(ClickstreamTopics.APP, panel, Instant.ofEpochMilli(ranking.windowStart()),
                Instant.ofEpochMilli(ranking.windowEnd()), Map.of("pages", ranking.pages()));
    }

    /**
     * A page count tagged with its window, the value under which counts travel to be ranked.
     *
     * @param windowStart epoch milliseconds
     * @param windowEnd epoch milliseconds
     * @param count the page's final count
     */
    public record WindowedPageCount(long windowStart, long windowEnd, PageCount count) {
    }
}
