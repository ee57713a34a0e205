package io.eventpipeline.clickstream.topology;

import io.eventpipeline.clickstream.ClickstreamConfig;
import io.eventpipeline.clickstream.ClickstreamTopics;
import io.eventpipeline.clickstream.event.ClickEvent;
import io.eventpipeline.clickstream.event.EventType;
import io.eventpipeline.core.event.DashboardUpdate;
import io.eventpipeline.core.serde.JsonSerde;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Suppressed;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;

/**
 * The purchase funnel: page views, add-to-carts and purchases per 1-minute window, and the conversion
 * between the stages.
 *
 * <p>In: {@code clickstream.events} (key userId). Out: {@code clickstream.dashboard} key {@code funnel-1m},
 * data {@code {"views","carts","purchases","viewToCart","cartToPurchase","viewToPurchase"}}, once per window
 * after it closes. Stores: {@value #STAGE_COUNTS_STORE}, {@value #FUNNEL_STORE}.
 */
public final class FunnelTopology {

    public static final String STAGE_COUNTS_STORE = "clickstream-funnel-stage-counts";
    public static final String FUNNEL_STORE = "clickstream-funnel-1m";
    static final String PANEL = "funnel-1m";
    /** Counting keys per stage: spreads each stage's counting over partitions instead of one hot key. */
    static final int SPREAD = 16;
    private static final Set<EventType> STAGES = Set.of(EventType.PAGE_VIEW, EventType.ADD_TO_CART, EventType.PURCHASE);

    private FunnelTopology() {
    }

    public static void build(KStream<String, ClickEvent> events, ClickstreamConfig config) {
        events
                .filter((user, event) -> STAGES.contains(event.type()), Named.as("clickstream-filter-funnel-stages"))
                // Key "<stage>#<n>": a stage's events spread over SPREAD keys, counted apart, summed below.
                .groupBy((user, event) -> event.type().name() + "#" + Math.floorMod(user.hashCode(), SPREAD),
                        Grouped.with("clickstream-group-funnel-stages", Serdes.String(), ClickstreamTopics.EVENTS.valueSerde()))
                .windowedBy(TimeWindows.ofSizeAndGrace(Duration.ofMinutes(1), config.grace()))
                .count(Named.as("clickstream-count-funnel-stages"),
                        Materialized.<String, Long, WindowStore<Bytes, byte[]>>as(STAGE_COUNTS_STORE)
                                .withKeySerde(Serdes.String()).withValueSerde(Serdes.Long()))
                // Final counts only, so each partial count is added exactly once below.
                .suppress(Suppressed.<Windowed<String>>untilWindowCloses(Suppressed.BufferConfig.unbounded())
                        .withName("clickstream-suppress-funnel-stages"))
                .toStream(Named.as("clickstream-final-funnel-stages"))
                .map((window, count) -> KeyValue.pair(window.window().start(), new StageCount(
                                window.window().start(), window.window().end(), stageOf(window.key()), count)),
                        Named.as("clickstream-key-funnel-by-window"))
                .groupByKey(Grouped.with("clickstream-group-funnel-by-window", Serdes.Long(), JsonSerde.of(StageCount.class)))
                .aggregate(Funnel::empty, (start, count, funnel) -> funnel.add(count),
                        Named.as("clickstream-aggregate-funnel"),
                        Materialized.<Long, Funnel, KeyValueStore<Bytes, byte[]>>as(FUNNEL_STORE)
                                .withKeySerde(Serdes.Long()).withValueSerde(JsonSerde.of(Funnel.class)))
                .toStream(Named.as("clickstream-funnels"))
                .map((start, funnel) -> KeyValue.pair(PANEL, new DashboardUpdate(ClickstreamTopics.APP, PANEL,
                        Instant.ofEpochMilli(funnel.windowStart()), Instant.ofEpochMilli(funnel.windowEnd()), funnel.data())),
                        Named.as("clickstream-dashboard-funnel"))
                .to(ClickstreamTopics.DASHBOARD.name(), ClickstreamTopics.DASHBOARD.producedAs("clickstream-sink-funnel"));
    }

    private static EventType stageOf(String key) {
        return EventType.valueOf(key.substring(0, key.indexOf('#')));
    }

    /**
     * A final count of one stage's share in one window.
     *
     * @param windowStart epoch milliseconds
     * @param windowEnd epoch milliseconds
     * @param stage the funnel stage
     * @param count its events
     */
    public record StageCount(long windowStart, long windowEnd, EventType stage, long count) {
    }

    /**
     * The funnel of one window.
     *
     * @param windowStart epoch milliseconds
     * @param windowEnd epoch milliseconds
     * @param views page views
     * @param carts add-to-carts
     * @param purchases purchases
     */
    public record Funnel(long windowStart, long windowEnd, long views, long carts, long purchases) {

        static Funnel empty() {
            return new Funnel(0, 0, 0, 0, 0);
        }

        Funnel add(StageCount c) {
            return new Funnel(c.windowStart(), c.windowEnd(),
                    views + (c.stage() == EventType.PAGE_VIEW ? c.count() : 0),
                    carts + (c.stage() == EventType.ADD_TO_CART ? c.count() : 0),
                    purchases + (c.stage() == EventType.PURCHASE ? c.count() : 0));
        }

        Map<String, Object> data() {
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("views", views);
            data.put("carts", carts);
            data.put("purchases", purchases);
            data.put("viewToCart", ratio(carts, views));
            data.put("cartToPurchase", ratio(purchases, carts));
            data.put("viewToPurchase", ratio(purchases, views));
            return data;
        }

        private static double ratio(long numerator, long denominator) {
            return denominator == 0 ? 0.0 : (double) numerator / denominator;
        }
    }
}
