package io.eventpipeline.clickstream.topology;

import io.eventpipeline.clickstream.ClickstreamConfig;
import io.eventpipeline.clickstream.ClickstreamTopics;
import io.eventpipeline.clickstream.event.ClickEvent;
import io.eventpipeline.clickstream.event.EventType;
import io.eventpipeline.core.event.DashboardUpdate;
import io.eventpipeline.core.serde.JsonSerde;
import io.eventpipeline.core.serde.StateSerde;
import io.eventpipeline.core.streams.PreAggregation;
import io.eventpipeline.core.streams.TimeIndex;
import io.eventpipeline.core.streams.WatermarkWindowAggregate;
import io.eventpipeline.core.streams.WatermarkWindows;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.TimestampedKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;

/**
 * Page analytics: views per page in 1-minute tumbling windows and 5-minute hopping windows (1-minute
 * advance), and the top pages of each window ("hot items").
 *
 * <p>In: page views of {@code clickstream.events} (key userId). Out: {@code clickstream.dashboard},
 * key {@code top-pages-1m} or {@code top-pages-5m}, value a {@link DashboardUpdate} whose data is
 * {@code {"pages":[{"page":…,"views":…},…]}}, published once per window after it closes (grace included).
 * Stores: {@code clickstream-preaggregate-page-views-buffer} (each task's partial counts per page and minute),
 * {@value #VIEWS_1M_STORE}, {@value #VIEWS_5M_STORE} (counts per page and minute, keyed {@code
 * TimeIndex.key(minute, page)}: a window's count is the sum of its minutes'), each with {@code <store>-published}
 * (the next window to publish and the watermarks of the tasks sending counts), and {@code clickstream-top-pages-<1m|5m>} (rankings by window start).
 *
 * <p>A window closes once every task counting views has passed its end plus the grace ({@link
 * WatermarkWindows}), not when the newest count has: when a backlog is caught up, those tasks drift apart in
 * event time, and a slower one's counts would come after a faster one had closed their window.
 */
public final class PageAnalyticsTopology {

    /** Views per page and 1-minute window, keyed {@code TimeIndex.key(windowStart, page)}; closed windows kept five minutes. */
    public static final String VIEWS_1M_STORE = "clickstream-page-views-1m-by-window";
    /** Views per page and minute, keyed {@code TimeIndex.key(minute, page)}: a 5-minute window's count is its five minutes'. */
    public static final String VIEWS_5M_STORE = "clickstream-page-views-5m-by-window";
    public static final String TOP_1M_STORE = "clickstream-top-pages-1m";
    public static final String TOP_5M_STORE = "clickstream-top-pages-5m";
    /** Page counts later than the grace for their minute, counted per task in Kafka Streams' metrics (group {@code stream-clickstream-page-views-metrics}). */
    static final String LATE_SCOPE = "clickstream-page-views";
    static final String LATE_COUNTS = "late-page-view-counts";
    /** The key, in a hopping count store's {@code -published} store, marking it as held per minute. */
    static final String SLICED = "sliced";
    private static final Duration MINUTE = Duration.ofMinutes(1);

    private PageAnalyticsTopology() {
    }

    public static void build(StreamsBuilder builder, KStream<String, ClickEvent> events, ClickstreamConfig config) {
        // Count by page. Each task first counts its own views per page and minute, so the repartition
        // topic carries one partial count per page and flush instead of every view; a minute bucket fits
        // both the tumbling and the hopping windows below. Each partial carries its task's watermark.
        PreAggregation<String, ClickEvent, String, Long> partialCounts = PreAggregation.counting(
                "clickstream-preaggregate-page-views", MINUTE, config.preaggregateInterval(),
                (user, event) -> event.type() == EventType.PAGE_VIEW ? event.page() : null, Serdes.String());
        KStream<String, Long> viewsByPage = partialCounts.applyTo(events)
                .repartition(Repartitioned.<String, Long>as("clickstream-group-view-counts-by-page")
                        .withKeySerde(Serdes.String()).withValueSerde(Serdes.Long()));

        // The 1-minute counts stay five minutes after they close, for the trending-pages query.
        rankPages(builder, viewsByPage, "1m", MINUTE, Duration.ofMinutes(5), VIEWS_1M_STORE, TOP_1M_STORE, config);
        rankPages(builder, viewsByPage, "5m", Duration.ofMinutes(5), Duration.ZERO, VIEWS_5M_STORE, TOP_5M_STORE, config);
    }

    private static void rankPages(StreamsBuilder builder, KStream<String, Long> viewsByPage, String label, Duration size,
                                  Duration retain, String countStore, String rankingStore, ClickstreamConfig config) {
        String panel = "top-pages-" + label;
        viewsByPage
                // Final counts only: each page's count leaves once, when its window has closed for every task
                // counting views (on their watermarks), keyed by the window's start.
                .process(pageCounts(size, retain, countStore, config), Named.as("clickstream-count-page-views-" + label))
                // All pages of a window meet under the window's start, where they are ranked.
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

    /**
     * Each page's final count per window of {@code size} (tumbling if a minute, else hopping by the minute),
     * forwarded keyed by the window's start once the window has closed. The counts live in {@code countStore}
     * as one count per page and minute; the hopping windows' store, whose first versions held whole windows,
     * is converted to minutes at the first start ({@link #sliceWindows}).
     */
    static WatermarkWindowAggregate<Long, Long, Long, WindowedPageCount> pageCounts(Duration size, Duration retain,
                                                                                   String countStore, ClickstreamConfig config) {
        WatermarkWindowAggregate.Builder<Long, Long> counts = WatermarkWindowAggregate.of(countStore, Serdes.Long(), Long::sum)
                .windows(size, MINUTE).grace(config.grace()).retain(retain)
                .senders(config.partitions(), config.partitionIdleAfter());
        if (size.equals(MINUTE)) {
            counts.lateCountedAs(LATE_SCOPE, LATE_COUNTS);
        } else {
            // A count late for every window hopping over its minute is late for the minute too, counted there.
            counts.lateNotCounted();
            counts.beforeOpen(context -> sliceWindows(context.getStateStore(countStore),
                    context.getStateStore(countStore + "-published"), size));
        }
        return counts.forwarding((start, page, sum) -> new Record<>(start,
                new WindowedPageCount(start, start + size.toMillis(), new PageCount(page, sum.value())), sum.timestamp()));
    }

    /**
     * Turns a store of whole hopping windows of {@code size}, each holding every count of its minutes (as the
     * first versions of {@value #VIEWS_5M_STORE} kept them), into one count per page and minute, once: marked by the key
     * {@value #SLICED} in {@code published}. Exact, since counts subtract: every window still in the store is
     * open, so it holds every count of each of its minutes, and a minute's count is its window's less the
     * later minutes' within that window, taken from the newest minute down.
     */
    static void sliceWindows(TimestampedKeyValueStore<String, Long> counts, KeyValueStore<String, Long> published,
                             Duration size) {
        if (published.get(SLICED) != null) {
            return;
        }
        long minute = MINUTE.toMillis();
        int minutes = (int) (size.toMillis() / minute);
        Map<String, TreeMap<Long, ValueAndTimestamp<Long>>> windowsByPage = new HashMap<>();
        try (KeyValueIterator<String, ValueAndTimestamp<Long>> all = counts.all()) {
            all.forEachRemaining(window -> windowsByPage
                    .computeIfAbsent(TimeIndex.id(window.key), page -> new TreeMap<>())
                    .put(TimeIndex.time(window.key), window.value));
        }
        windowsByPage.forEach((page, windows) -> {
            Map<Long, Long> slices = new HashMap<>();
            for (long start = windows.lastKey(); start >= windows.firstKey(); start -= minute) {
                ValueAndTimestamp<Long> window = windows.get(start);
                long slice = window == null ? 0 : window.value();
                for (int later = 1; later < minutes; later++) {
                    slice -= slices.getOrDefault(start + later * minute, 0L);
                }
                slices.put(start, slice);
                if (slice != 0) {
                    // The newest time within the minute: the window's newest, at most the minute's last millisecond.
                    long newest = window == null ? start + minute - 1 : Math.min(window.timestamp(), start + minute - 1);
                    counts.put(TimeIndex.key(start, page), ValueAndTimestamp.make(slice, newest));
                } else if (window != null) {
                    counts.delete(TimeIndex.key(start, page));
                }
            }
        });
        published.put(SLICED, minute);
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
