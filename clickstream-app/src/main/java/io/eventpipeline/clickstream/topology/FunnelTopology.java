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
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.api.Record;

/**
 * The purchase funnel: page views, add-to-carts and purchases per 1-minute window, and the conversion
 * between the stages.
 *
 * <p>In: {@code clickstream.events} (key userId). Out: {@code clickstream.dashboard} key {@code funnel-1m},
 * data {@code {"views","carts","purchases","viewToCart","cartToPurchase","viewToPurchase"}}, once per window
 * after it has closed for every task counting stages (their watermarks, {@link WatermarkWindows}). Stores:
 * {@code clickstream-preaggregate-funnel-buffer} (each task's partial funnel), {@value #FUNNEL_STORE} (the
 * window's funnel) and {@code <it>-published} (the next window to publish, the tasks' watermarks).
 */
public final class FunnelTopology {

    /** The funnel per window, keyed {@code TimeIndex.key(windowStart, "funnel")}; closed windows kept an hour. */
    public static final String FUNNEL_STORE = "clickstream-funnel-1m-by-window";
    /** Partial funnels later than the grace, counted per task in Kafka Streams' metrics (group {@code stream-clickstream-funnel-metrics}). */
    static final String LATE_SCOPE = "clickstream-funnel";
    static final String LATE_PARTIALS = "late-funnel-partials";
    private static final Duration MINUTE = Duration.ofMinutes(1);
    static final String PANEL = "funnel-1m";
    /** The one key of {@value #FUNNEL_STORE}: every stage of a window meets under it. */
    public static final String FUNNEL_KEY = "funnel";
    private static final Set<EventType> STAGES = Set.of(EventType.PAGE_VIEW, EventType.ADD_TO_CART, EventType.PURCHASE);

    private FunnelTopology() {
    }

    public static void build(StreamsBuilder builder, KStream<String, ClickEvent> events, ClickstreamConfig config) {
        // Each task counts its stages per minute; only these partial funnels travel, all under one key,
        // so one partition sees a few records per flush rather than every event. Each partial carries its
        // task's watermark, on which the window closes.
        PreAggregation<String, ClickEvent, String, Funnel> partialFunnels = new PreAggregation<>(
                "clickstream-preaggregate-funnel", MINUTE, config.preaggregateInterval(),
                (user, event) -> STAGES.contains(event.type()) ? FUNNEL_KEY : null,
                Funnel::empty, (key, event, funnel) -> funnel.count(event.type()),
                Serdes.String(), StateSerde.of(Funnel.class));
        partialFunnels.applyTo(events)
                .repartition(Repartitioned.<String, Funnel>as("clickstream-group-partial-funnels")
                        .withKeySerde(Serdes.String()).withValueSerde(JsonSerde.of(Funnel.class)))
                // One update per window, when it has closed for every task (grace included).
                // Kept an hour after they close, for the funnel gauges.
                .process(WatermarkWindowAggregate.of(FUNNEL_STORE, StateSerde.of(Funnel.class), Funnel::plus)
                                .grace(config.grace()).retain(Duration.ofHours(1))
                                .senders(config.partitions(), config.partitionIdleAfter())
                                .lateCountedAs(LATE_SCOPE, LATE_PARTIALS)
                                .forwarding((start, key, funnel) -> new Record<>(PANEL, DashboardUpdate.ofWindow(
                                        ClickstreamTopics.APP, PANEL, start, MINUTE, funnel.value().data()), funnel.timestamp())),
                        Named.as("clickstream-aggregate-funnel"))
                .to(ClickstreamTopics.DASHBOARD.name(), ClickstreamTopics.DASHBOARD.producedAs("clickstream-sink-funnel"));
    }

    /**
     * The funnel of one window, or a task's share of it.
     *
     * @param views page views
     * @param carts add-to-carts
     * @param purchases purchases
     */
    public record Funnel(long views, long carts, long purchases) {

        static Funnel empty() {
            return new Funnel(0, 0, 0);
        }

        Funnel count(EventType stage) {
            return new Funnel(views + (stage == EventType.PAGE_VIEW ? 1 : 0),
                    carts + (stage == EventType.ADD_TO_CART ? 1 : 0),
                    purchases + (stage == EventType.PURCHASE ? 1 : 0));
        }

        Funnel plus(Funnel other) {
            return new Funnel(views + other.views, carts + other.carts, purchases + other.purchases);
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
