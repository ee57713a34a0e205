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
import org.apache.kafka.streams.state.WindowStore;

/**
 * The purchase funnel: page views, add-to-carts and purchases per 1-minute window, and the conversion
 * between the stages.
 *
 * <p>In: {@code clickstream.events} (key userId). Out: {@code clickstream.dashboard} key {@code funnel-1m},
 * data {@code {"views","carts","purchases","viewToCart","cartToPurchase","viewToPurchase"}}, once per window
 * after it closes. Stores: {@code clickstream-preaggregate-funnel-buffer} (each task's partial funnel),
 * {@value #FUNNEL_STORE} (the window's funnel).
 */
public final class FunnelTopology {

    public static final String FUNNEL_STORE = "clickstream-funnel-1m";
    static final String PANEL = "funnel-1m";
    /** The one key under which a window's partial funnels meet. */
    /** The one key of {@value #FUNNEL_STORE}: every stage of a window meets under it. */
    public static final String FUNNEL_KEY = "funnel";
    private static final Set<EventType> STAGES = Set.of(EventType.PAGE_VIEW, EventType.ADD_TO_CART, EventType.PURCHASE);

    private FunnelTopology() {
    }

    public static void build(KStream<String, ClickEvent> events, ClickstreamConfig config) {
        // Each task counts its stages per minute; only these partial funnels travel, all under one key,
        // so one partition sees a few records per flush rather than every event.
        PreAggregation<String, ClickEvent, String, Funnel> partialFunnels = new PreAggregation<>(
                "clickstream-preaggregate-funnel", Duration.ofMinutes(1), config.preaggregateInterval(),
                (user, event) -> STAGES.contains(event.type()) ? FUNNEL_KEY : null,
                Funnel::empty, (key, event, funnel) -> funnel.count(event.type()),
                Serdes.String(), StateSerde.of(Funnel.class));
        partialFunnels.applyTo(events)
                .groupByKey(Grouped.with("clickstream-group-partial-funnels", Serdes.String(), JsonSerde.of(Funnel.class)))
                .windowedBy(TimeWindows.ofSizeAndGrace(Duration.ofMinutes(1), config.grace()))
                .reduce(Funnel::plus, Named.as("clickstream-aggregate-funnel"),
                        Materialized.<String, Funnel, WindowStore<Bytes, byte[]>>as(FUNNEL_STORE)
                                .withKeySerde(Serdes.String()).withValueSerde(StateSerde.of(Funnel.class)))
                // One update per window, when it has closed (grace included).
                .suppress(Suppressed.<Windowed<String>>untilWindowCloses(Suppressed.BufferConfig.unbounded())
                        .withName("clickstream-suppress-funnel"))
                .toStream(Named.as("clickstream-funnels"))
                .map((window, funnel) -> KeyValue.pair(PANEL, new DashboardUpdate(ClickstreamTopics.APP, PANEL,
                        window.window().startTime(), window.window().endTime(), funnel.data())),
                        Named.as("clickstream-dashboard-funnel"))
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
