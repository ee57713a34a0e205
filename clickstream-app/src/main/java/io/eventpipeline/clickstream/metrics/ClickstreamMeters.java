package io.eventpipeline.clickstream.metrics;

import io.eventpipeline.clickstream.topology.FunnelTopology;
import io.eventpipeline.clickstream.topology.FunnelTopology.Funnel;
import io.eventpipeline.clickstream.topology.PageAnalyticsTopology;
import io.eventpipeline.clickstream.topology.PageCount;
import io.eventpipeline.clickstream.topology.PageRanking;
import io.eventpipeline.clickstream.topology.SessionsTopology;
import io.eventpipeline.clickstream.topology.SessionsTopology.SessionStats;
import io.eventpipeline.core.metrics.BusinessMeters;
import io.eventpipeline.core.query.LocalStores;
import io.eventpipeline.core.streams.TimeIndex;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;

/**
 * The clickstream app's business gauges, each from the newest one-minute window that has ended by the wall
 * clock (late events within the grace period may still amend it):
 * <ul>
 *   <li>{@value #TOP_PAGE_VIEWS} (tag {@code page}): views of the top pages of that minute, from
 *       {@value PageAnalyticsTopology#TOP_1M_STORE}; pages that leave the top list leave the gauge;</li>
 *   <li>{@value #FUNNEL_EVENTS} (tag {@code stage}: view, cart, purchase) and {@value #FUNNEL_CONVERSION}
 *       (purchases per view), from {@value FunnelTopology#FUNNEL_STORE};</li>
 *   <li>{@value #SESSIONS_ENDED}, {@value #BOUNCE_RATE} and {@value #SESSION_CONVERSION} (sessions that
 *       ended in that minute, the share that bounced, the share that bought), from
 *       {@value SessionsTopology#SESSION_STATS_STORE}.</li>
 * </ul>
 * Rankings, funnels and session statistics each live on one partition, so one instance reports each.
 */
public final class ClickstreamMeters implements BusinessMeters {

    public static final String TOP_PAGE_VIEWS = "pipeline.clickstream.top.page.views";
    public static final String FUNNEL_EVENTS = "pipeline.clickstream.funnel.events";
    public static final String FUNNEL_CONVERSION = "pipeline.clickstream.funnel.conversion";
    public static final String SESSIONS_ENDED = "pipeline.clickstream.sessions.ended";
    public static final String BOUNCE_RATE = "pipeline.clickstream.sessions.bounce.rate";
    public static final String SESSION_CONVERSION = "pipeline.clickstream.sessions.conversion.rate";

    private static final Duration MINUTE = Duration.ofMinutes(1);
    /** How far back to look for the newest window. */
    private static final Duration LOOK_BACK = Duration.ofHours(1);

    private final Clock clock;
    private final MultiGauge topPages;
    private final AtomicReference<Funnel> funnel = new AtomicReference<>();
    private final AtomicReference<SessionStats> sessions = new AtomicReference<>();

    public ClickstreamMeters(MeterRegistry registry, Clock clock) {
        this.clock = clock;
        topPages = MultiGauge.builder(TOP_PAGE_VIEWS).description("views of the top pages in the newest ended minute")
                .register(registry);
        stage(registry, "view", Funnel::views);
        stage(registry, "cart", Funnel::carts);
        stage(registry, "purchase", Funnel::purchases);
        Gauge.builder(FUNNEL_CONVERSION, funnel, f -> f.get() == null || f.get().views() == 0 ? Double.NaN
                        : (double) f.get().purchases() / f.get().views())
                .description("purchases per page view in the newest ended minute").register(registry);
        sessionGauge(registry, SESSIONS_ENDED, "sessions that ended in the newest ended minute", SessionStats::sessions);
        sessionGauge(registry, BOUNCE_RATE, "share of those sessions that bounced (one page, no purchase)",
                s -> s.sessions() == 0 ? Double.NaN : (double) s.bounces() / s.sessions());
        sessionGauge(registry, SESSION_CONVERSION, "share of those sessions that bought something",
                s -> s.sessions() == 0 ? Double.NaN : (double) s.conversions() / s.sessions());
    }

    private void stage(MeterRegistry registry, String stage, java.util.function.ToLongFunction<Funnel> count) {
        Gauge.builder(FUNNEL_EVENTS, funnel, f -> f.get() == null ? Double.NaN : count.applyAsLong(f.get()))
                .tag("stage", stage).description("funnel events in the newest ended minute").register(registry);
    }

    private void sessionGauge(MeterRegistry registry, String name, String description,
                              java.util.function.ToDoubleFunction<SessionStats> value) {
        Gauge.builder(name, sessions, s -> s.get() == null ? Double.NaN : value.applyAsDouble(s.get()))
                .description(description).register(registry);
    }

    @Override
    public void refresh(LocalStores stores) {
        Instant now = clock.instant();
        ReadOnlyKeyValueStore<Long, PageRanking> rankings = stores.store(PageAnalyticsTopology.TOP_1M_STORE,
                QueryableStoreTypes.keyValueStore());
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        try (KeyValueIterator<Long, PageRanking> newestFirst = rankings.reverseAll()) {
            while (newestFirst.hasNext()) {
                KeyValue<Long, PageRanking> ranking = newestFirst.next();
                if (ranking.value != null && ranking.value.windowEnd() <= now.toEpochMilli()) {
                    for (PageCount page : ranking.value.pages()) {
                        rows.add(MultiGauge.Row.of(Tags.of("page", page.page()), page.views()));
                    }
                    break;
                }
            }
        }
        topPages.register(rows, true);
        ReadOnlyKeyValueStore<String, ValueAndTimestamp<Funnel>> funnels = stores.store(FunnelTopology.FUNNEL_STORE,
                QueryableStoreTypes.timestampedKeyValueStore());
        newestEnded(funnels, FunnelTopology.FUNNEL_KEY, now).ifPresent(funnel::set);
        ReadOnlyKeyValueStore<String, ValueAndTimestamp<SessionStats>> stats = stores.store(SessionsTopology.SESSION_STATS_STORE,
                QueryableStoreTypes.timestampedKeyValueStore());
        newestEnded(stats, SessionsTopology.PANEL, now).ifPresent(sessions::set);
    }

    /** The value of the newest one-minute window of {@code key} that ended by {@code now}, in a store keyed {@link TimeIndex#key}. */
    private static <V> Optional<V> newestEnded(ReadOnlyKeyValueStore<String, ValueAndTimestamp<V>> store, String key, Instant now) {
        try (KeyValueIterator<String, ValueAndTimestamp<V>> newestFirst = store.reverseRange(
                TimeIndex.key(now.minus(LOOK_BACK).toEpochMilli(), ""), TimeIndex.through(now.minus(MINUTE).toEpochMilli()))) {
            while (newestFirst.hasNext()) {
                KeyValue<String, ValueAndTimestamp<V>> window = newestFirst.next();
                if (TimeIndex.id(window.key).equals(key)) {
                    return Optional.ofNullable(window.value == null ? null : window.value.value());
                }
            }
        }
        return Optional.empty();
    }
}
