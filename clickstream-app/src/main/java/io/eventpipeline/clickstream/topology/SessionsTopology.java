package io.eventpipeline.clickstream.topology;

import io.eventpipeline.clickstream.ClickstreamConfig;
import io.eventpipeline.clickstream.ClickstreamTopics;
import io.eventpipeline.clickstream.event.ClickEvent;
import io.eventpipeline.clickstream.event.SessionState;
import io.eventpipeline.clickstream.event.SessionSummary;
import io.eventpipeline.core.event.DashboardUpdate;
import io.eventpipeline.core.serde.StateSerde;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.SessionWindows;
import org.apache.kafka.streams.kstream.Suppressed;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.state.SessionStore;
import org.apache.kafka.streams.state.WindowStore;

/**
 * User sessions: session windows per user that close after an inactivity gap, each published once when
 * closed, and per-minute session figures for the dashboard.
 *
 * <p>In: {@code clickstream.events} (key userId). Out: {@code clickstream.sessions} (key userId, value
 * {@link SessionSummary}), and {@code clickstream.dashboard} key {@code sessions-1m} with data
 * {@code {"sessions","bounces","bounceRate","conversions","conversionRate","revenue"}} for sessions that
 * ended in each minute. Stores: {@value #SESSIONS_STORE} (open sessions, queryable) and
 * {@value #SESSION_STATS_STORE}.
 */
public final class SessionsTopology {

    public static final String SESSIONS_STORE = "clickstream-sessions";
    public static final String SESSION_STATS_STORE = "clickstream-session-stats-1m";
    /** The dashboard panel, also the one key of {@value #SESSION_STATS_STORE}. */
    public static final String PANEL = "sessions-1m";

    private SessionsTopology() {
    }

    /** Builds the sub-topology and returns the stream of closed sessions (key userId). */
    public static KStream<String, SessionSummary> build(KStream<String, ClickEvent> events, ClickstreamConfig config) {
        KStream<String, SessionSummary> closed = events
                // Already keyed by user: no repartition.
                .groupByKey(Grouped.with("clickstream-group-events-by-user-sessions", Serdes.String(),
                        ClickstreamTopics.EVENTS.valueSerde()))
                .windowedBy(SessionWindows.ofInactivityGapAndGrace(config.sessionGap(), config.grace()))
                .aggregate(SessionState::empty,
                        (user, event, session) -> session.add(event),
                        (user, left, right) -> left.merge(right),
                        Named.as("clickstream-aggregate-sessions"),
                        // Uncached: a user's next event rarely comes within a commit interval, so a record cache
                        // saves no writes here; it only filled up and evicted on every put.
                        Materialized.<String, SessionState, SessionStore<Bytes, byte[]>>as(SESSIONS_STORE)
                                .withKeySerde(Serdes.String()).withValueSerde(StateSerde.of(SessionState.class))
                                .withCachingDisabled())
                // A session is published once, when no event can extend it any more.
                .suppress(Suppressed.<Windowed<String>>untilWindowCloses(Suppressed.BufferConfig.unbounded())
                        .withName("clickstream-suppress-sessions"))
                .toStream(Named.as("clickstream-closed-sessions"))
                // Sessions merged into a later one leave a tombstone behind; only real sessions go on.
                .filter((window, session) -> session != null, Named.as("clickstream-filter-merged-sessions"))
                .map((window, session) -> KeyValue.pair(window.key(), session.summary(window.key())),
                        Named.as("clickstream-summarize-sessions"));
        closed.to(ClickstreamTopics.SESSIONS.name(), ClickstreamTopics.SESSIONS.producedAs("clickstream-sink-sessions"));

        closed
                // Few records (one per session): one key gathers the whole minute.
                .groupBy((user, session) -> PANEL,
                        Grouped.with("clickstream-group-sessions-by-minute", Serdes.String(), ClickstreamTopics.SESSIONS.valueSerde()))
                .windowedBy(TimeWindows.ofSizeAndGrace(Duration.ofMinutes(1), config.grace()))
                .aggregate(SessionStats::empty, (panel, session, stats) -> stats.add(session),
                        Named.as("clickstream-aggregate-session-stats"),
                        Materialized.<String, SessionStats, WindowStore<Bytes, byte[]>>as(SESSION_STATS_STORE)
                                .withKeySerde(Serdes.String()).withValueSerde(StateSerde.of(SessionStats.class)))
                .toStream(Named.as("clickstream-session-stats"))
                .map((window, stats) -> KeyValue.pair(PANEL, new DashboardUpdate(ClickstreamTopics.APP, PANEL,
                        window.window().startTime(), window.window().endTime(), stats.data())),
                        Named.as("clickstream-dashboard-sessions"))
                .to(ClickstreamTopics.DASHBOARD.name(), ClickstreamTopics.DASHBOARD.producedAs("clickstream-sink-session-stats"));
        return closed;
    }

    /**
     * Sessions that ended in one minute.
     *
     * @param sessions how many
     * @param bounces how many viewed at most one page and bought nothing
     * @param conversions how many bought something
     * @param revenue their purchases' sum
     */
    public record SessionStats(long sessions, long bounces, long conversions, double revenue) {

        static SessionStats empty() {
            return new SessionStats(0, 0, 0, 0);
        }

        SessionStats add(SessionSummary s) {
            return new SessionStats(sessions + 1, bounces + (s.bounce() ? 1 : 0), conversions + (s.converted() ? 1 : 0),
                    revenue + s.revenue());
        }

        Map<String, Object> data() {
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("sessions", sessions);
            data.put("bounces", bounces);
            data.put("bounceRate", sessions == 0 ? 0.0 : (double) bounces / sessions);
            data.put("conversions", conversions);
            data.put("conversionRate", sessions == 0 ? 0.0 : (double) conversions / sessions);
            data.put("revenue", revenue);
            return data;
        }
    }
}
