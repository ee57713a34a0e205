package io.eventpipeline.clickstream.topology;

import io.eventpipeline.clickstream.ClickstreamConfig;
import io.eventpipeline.clickstream.ClickstreamTopics;
import io.eventpipeline.clickstream.event.ClickEvent;
import io.eventpipeline.clickstream.event.EventType;
import io.eventpipeline.core.event.DashboardUpdate;
import io.eventpipeline.core.serde.JsonSerde;
import io.eventpipeline.core.serde.StateSerde;
import io.eventpipeline.core.streams.PreAggregation;
import io.eventpipeline.core.streams.WatermarkWindowAggregate;
import io.eventpipeline.core.streams.WatermarkWindows;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
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
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Page analytics: views per page in 1-minute tumbling windows and 5-minute hopping windows (1-minute
 * advance), and the top pages of each window ("hot items").
 *
 * <p>In: page views of {@code clickstream.events} (key userId). Out: {@code clickstream.dashboard},
 * key {@code top-pages-1m} or {@code top-pages-5m}, value a {@link DashboardUpdate} whose data is
 * {@code {"pages":[{"page":…,"views":…},…]}}, published once per window after it closes (grace included).
 * Stores: {@code clickstream-preaggregate-page-views-buffer} (each task's partial counts per page and minute),
 * {@value #VIEWS_1M_STORE}, {@value #VIEWS_5M_STORE} (counts per window and page, keyed {@code
 * TimeIndex.key(windowStart, page)}), each with {@code <store>-published} (the next window to publish and the
 * watermarks of the tasks sending counts), and {@code clickstream-top-pages-<1m|5m>} (rankings by window start).
 *
 * <p>A window closes once every task counting views has passed its end plus the grace ({@link
 * WatermarkWindows}), not when the newest count has: when a backlog is caught up, those tasks drift apart in
 * event time, and a slower one's counts would come after a faster one had closed their window.
 */
public final class PageAnalyticsTopology {

    /** Views per page and 1-minute window, keyed {@code TimeIndex.key(windowStart, page)}; closed windows kept five minutes. */
    public static final String VIEWS_1M_STORE = "clickstream-page-views-1m-by-window";
    public static final String VIEWS_5M_STORE = "clickstream-page-views-5m-by-window";
    public static final String TOP_1M_STORE = "clickstream-top-pages-1m";
    public static final String TOP_5M_STORE = "clickstream-top-pages-5m";
    /** Page counts later than the grace, counted per task in Kafka Streams' metrics (group {@code stream-clickstream-page-views-metrics}). */
    static final String LATE_SCOPE = "clickstream-page-views";
    static final String LATE_COUNTS = "late-page-view-counts";
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
                .process(WatermarkWindowAggregate.of(countStore, Serdes.Long(), Long::sum)
                                .windows(size, MINUTE).grace(config.grace()).retain(retain)
                                .senders(config.partitions(), config.partitionIdleAfter())
                                .lateCountedAs(LATE_SCOPE, LATE_COUNTS)
                                .forwarding((start, page, sum) -> new Record<>(start, new WindowedPageCount(start,
                                        start + size.toMillis(), new PageCount(page, sum.value())), sum.timestamp())),
                        Named.as("clickstream-count-page-views-" + label))
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
