package io.eventpipeline.clickstream.query;

import io.eventpipeline.clickstream.ClickstreamConfig;
import io.eventpipeline.clickstream.event.UserSessions;
import io.eventpipeline.clickstream.topology.PageAnalyticsTopology;
import io.eventpipeline.clickstream.topology.PageRanking;
import io.eventpipeline.clickstream.topology.RecommendationsTopology;
import io.eventpipeline.clickstream.topology.RelatedPages;
import io.eventpipeline.clickstream.topology.SessionsTopology;
import io.eventpipeline.core.http.HttpError;
import io.eventpipeline.core.http.Request;
import io.eventpipeline.core.http.Routes;
import io.eventpipeline.core.query.InteractiveQueries;
import io.eventpipeline.core.streams.TimeIndex;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import reactor.core.publisher.Mono;

/**
 * The clickstream app's HTTP queries, answered from its state stores on whichever instance holds them.
 *
 * <ul>
 *   <li>{@code GET /pages/top?window=1m|5m}: the ranking of the latest closed window.</li>
 *   <li>{@code GET /users/{userId}/session}: the user's latest session, open or closed.</li>
 *   <li>{@code GET /pages/{page}/related?limit=N}: pages most often viewed in the same sessions.</li>
 *   <li>{@code GET /pages/trending?limit=N}: pages whose views rose most from the previous minute to the
 *       last complete one (at least {@value #TRENDING_MIN_VIEWS} views).</li>
 * </ul>
 * Pages are written as they appear in events, e.g. {@code /p/123}; in a path, {@code /pages/%2Fp%2F123/related}.
 */
public final class ClickstreamQueries {

    static final int TRENDING_MIN_VIEWS = 5;

    private final InteractiveQueries queries;
    private final ClickstreamConfig config;
    private final Clock clock;

    public ClickstreamQueries(InteractiveQueries queries, ClickstreamConfig config, Clock clock) {
        this.queries = queries;
        this.config = config;
        this.clock = clock;
    }

    /** Adds the routes. */
    public void addTo(Routes routes) {
        routes.get("/pages/top", this::topPages)
                .get("/pages/trending", this::trending)
                .get("/pages/{page}/related", this::related)
                .get("/users/{userId}/session", this::session);
    }

    Mono<?> topPages(Request request) {
        String window = request.query("window").orElse("1m");
        String store = switch (window) {
            case "1m" -> PageAnalyticsTopology.TOP_1M_STORE;
            case "5m" -> PageAnalyticsTopology.TOP_5M_STORE;
            default -> throw HttpError.badRequest("'window' must be 1m or 5m, was '" + window + "'");
        };
        // Rankings are keyed by window start and spread over partitions: each instance offers its latest.
        return queries.fromAll(store, request, () -> Mono.justOrEmpty(latestRanking(store)).defaultIfEmpty(PageRanking.empty(0)),
                        PageRanking.class)
                .flatMap(parts -> Mono.justOrEmpty(parts.stream().filter(p -> !p.pages().isEmpty())
                        .max(Comparator.comparingLong(PageRanking::windowStart))))
                .switchIfEmpty(Mono.error(HttpError.notFound("no " + window + " window has closed yet")))
                .map(ranking -> Map.of("window", window, "windowStart", Instant.ofEpochMilli(ranking.windowStart()),
                        "windowEnd", Instant.ofEpochMilli(ranking.windowEnd()), "pages", ranking.pages()));
    }

    private PageRanking latestRanking(String store) {
        ReadOnlyKeyValueStore<Long, PageRanking> rankings = queries.store(store, QueryableStoreTypes.keyValueStore());
        PageRanking latest = null;
        try (KeyValueIterator<Long, PageRanking> all = rankings.all()) {
            while (all.hasNext()) {
                PageRanking ranking = all.next().value;
                if (latest == null || ranking.windowStart() > latest.windowStart()) {
                    latest = ranking;
                }
            }
        }
        return latest;
    }

    Mono<?> session(Request request) {
        String user = request.pathParam("userId");
        return queries.byKey(SessionsTopology.SESSIONS_STORE, user, Serdes.String().serializer(), request,
                () -> Mono.justOrEmpty(latestSession(user))
                        .switchIfEmpty(Mono.error(HttpError.notFound("no session for user '" + user + "'"))));
    }

    private Map<String, Object> latestSession(String user) {
        ReadOnlyKeyValueStore<String, UserSessions> store = queries.store(SessionsTopology.SESSIONS_STORE,
                QueryableStoreTypes.keyValueStore());
        UserSessions sessions = store.get(user);
        if (sessions == null) {
            return null;
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("session", sessions.latest().summary(user));
        // Open until the stream closes it: the gap (and grace) after its last event has passed in event time.
        answer.put("open", sessions.latestOpen());
        return answer;
    }

    Mono<?> related(Request request) {
        String page = request.pathParam("page");
        int limit = request.intQuery("limit", config.relatedPages(), 1, config.relatedPages() * 4);
        return queries.byKey(RecommendationsTopology.RELATED_STORE, page, Serdes.String().serializer(), request,
                () -> {
                    ReadOnlyKeyValueStore<String, RelatedPages> store = queries.store(RecommendationsTopology.RELATED_STORE,
                            QueryableStoreTypes.keyValueStore());
                    RelatedPages related = store.get(page);
                    if (related == null) {
                        return Mono.error(HttpError.notFound("no sessions with page '" + page + "' have closed yet"));
                    }
                    return Mono.just(Map.of("page", page, "related", related.top(limit)));
                });
    }

    Mono<?> trending(Request request) {
        int limit = request.intQuery("limit", 10, 1, 100);
        Instant currentMinute = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MINUTES);
        Instant last = currentMinute.minus(Duration.ofMinutes(1));
        Instant previous = last.minus(Duration.ofMinutes(1));
        return queries.fromAll(PageAnalyticsTopology.VIEWS_1M_STORE, request,
                        () -> Mono.just(new TrendingPart(trendingHere(previous, last))), TrendingPart.class)
                .map(parts -> {
                    List<Trend> all = new ArrayList<>();
                    parts.forEach(p -> all.addAll(p.trends()));
                    all.sort(Comparator.comparingDouble(Trend::growth).reversed().thenComparing(Trend::page));
                    return Map.of("windowStart", last, "windowEnd", currentMinute,
                            "pages", all.subList(0, Math.min(limit, all.size())));
                });
    }

    private List<Trend> trendingHere(Instant previous, Instant last) {
        ReadOnlyKeyValueStore<String, ValueAndTimestamp<Long>> views = queries.store(PageAnalyticsTopology.VIEWS_1M_STORE,
                QueryableStoreTypes.timestampedKeyValueStore());
        Map<String, long[]> counts = new HashMap<>();
        List<Instant> minutes = List.of(previous, last);
        for (int slot = 0; slot < minutes.size(); slot++) {
            String prefix = TimeIndex.key(minutes.get(slot).toEpochMilli(), "");
            try (KeyValueIterator<String, ValueAndTimestamp<Long>> all = views.prefixScan(prefix, new StringSerializer())) {
                while (all.hasNext()) {
                    KeyValue<String, ValueAndTimestamp<Long>> entry = all.next();
                    counts.computeIfAbsent(entry.key.substring(prefix.length()), k -> new long[2])[slot] = entry.value.value();
                }
            }
        }
        List<Trend> trends = new ArrayList<>();
        counts.forEach((page, c) -> {
            if (c[1] >= TRENDING_MIN_VIEWS && c[1] > c[0]) {
                trends.add(new Trend(page, c[1], c[0], (double) (c[1] - c[0]) / Math.max(1, c[0])));
            }
        });
        return trends;
    }

    /**
     * A page whose views rose.
     *
     * @param page the page
     * @param views views in the last complete minute
     * @param previousViews views in the minute before
     * @param growth relative rise: (views - previous) / max(previous, 1)
     */
    public record Trend(String page, long views, long previousViews, double growth) {
    }

    /** One instance's trending pages. */
    public record TrendingPart(List<Trend> trends) {
    }
}
