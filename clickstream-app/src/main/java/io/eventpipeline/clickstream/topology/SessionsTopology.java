package io.eventpipeline.clickstream.topology;

import io.eventpipeline.clickstream.ClickstreamConfig;
import io.eventpipeline.clickstream.ClickstreamTopics;
import io.eventpipeline.clickstream.event.ClickEvent;
import io.eventpipeline.clickstream.event.SessionState;
import io.eventpipeline.clickstream.event.SessionSummary;
import io.eventpipeline.clickstream.event.UserSessions;
import io.eventpipeline.core.event.DashboardUpdate;
import io.eventpipeline.core.serde.StateSerde;
import io.eventpipeline.core.streams.WatermarkWindowAggregate;
import io.eventpipeline.core.streams.Watermarks;
import io.eventpipeline.core.streams.WriteBackCache;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * User sessions: session windows per user that close after an inactivity gap, each published once when
 * closed, and per-minute session figures for the dashboard.
 *
 * <p>In: {@code clickstream.events} (key userId). Out: {@code clickstream.sessions} (key userId, value
 * {@link SessionSummary}), and {@code clickstream.dashboard} key {@code sessions-1m} with data
 * {@code {"sessions","bounces","bounceRate","conversions","conversionRate","revenue"}} for sessions that
 * ended in each minute. Stores: {@value #SESSIONS_STORE} (key userId, value {@link UserSessions}: the
 * open sessions and the latest closed one; queryable as of the task's last commit) and
 * {@value #SESSION_STATS_STORE}.
 */
public final class SessionsTopology {

    /**
     * Not {@code clickstream-sessions}, the name of the session-window store of earlier versions: a new name
     * starts from nothing instead of reading that store's changelog, of another key and value format.
     */
    public static final String SESSIONS_STORE = "clickstream-user-sessions";
    /** Sessions per minute they ended in, keyed {@code TimeIndex.key(minuteStart, "sessions-1m")}; closed minutes kept an hour. */
    public static final String SESSION_STATS_STORE = "clickstream-session-stats-1m-by-window";
    private static final Duration MINUTE = Duration.ofMinutes(1);
    /** The dashboard panel, also the one key of {@value #SESSION_STATS_STORE}. */
    public static final String PANEL = "sessions-1m";
    /** Events too late for any session, counted per task in Kafka Streams' metrics (group {@code stream-clickstream-sessions-metrics}). */
    static final String LATE_SCOPE = "clickstream-sessions";
    static final String LATE_EVENTS = "late-session-events";
    /** Closed sessions too late for their minute's statistics, in the same group. */
    static final String LATE_SESSIONS = "late-closed-sessions";

    private SessionsTopology() {
    }

    /** Builds the sub-topology and returns the stream of closed sessions (key userId). */
    public static KStream<String, SessionSummary> build(StreamsBuilder builder, KStream<String, ClickEvent> events,
                                                        ClickstreamConfig config) {
        String[] stores = WriteBackCache.addStores(builder, Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(SESSIONS_STORE), Serdes.String(), StateSerde.of(UserSessions.class)));
        // Already keyed by user: no repartition.
        KStream<String, SessionSummary> closed = events.process(() -> new SessionBuilder(config.sessionGap(), config.grace()),
                Named.as("clickstream-aggregate-sessions"), stores);
        closed.to(ClickstreamTopics.SESSIONS.name(), ClickstreamTopics.SESSIONS.producedAs("clickstream-sink-sessions"));

        // Few records (one per session): one key gathers the whole minute. Each session carries its task's
        // watermark (sessions leave each task in about the order of their ends), on which the minute closes.
        closed
                .processValues(Watermarks.stamping(), Named.as("clickstream-stamp-sessions"))
                .selectKey((user, session) -> PANEL, Named.as("clickstream-key-sessions-by-minute"))
                .repartition(Repartitioned.<String, SessionSummary>as("clickstream-group-sessions-by-minute")
                        .withKeySerde(Serdes.String()).withValueSerde(ClickstreamTopics.SESSIONS.valueSerde()))
                // Kept an hour after they close, for the session gauges.
                .process(WatermarkWindowAggregate.of(SESSION_STATS_STORE, StateSerde.of(SessionStats.class), SessionStats::plus)
                                .from((SessionSummary session) -> SessionStats.empty().add(session))
                                .grace(config.grace()).retain(Duration.ofHours(1))
                                .senders(config.partitions(), config.partitionIdleAfter())
                                .lateCountedAs(LATE_SCOPE, LATE_SESSIONS)
                                .forwarding((start, key, stats) -> new Record<>(PANEL, DashboardUpdate.ofWindow(
                                        ClickstreamTopics.APP, PANEL, start, MINUTE, stats.value().data()), stats.timestamp())),
                        Named.as("clickstream-aggregate-session-stats"))
                .to(ClickstreamTopics.DASHBOARD.name(), ClickstreamTopics.DASHBOARD.producedAs("clickstream-sink-session-stats"));
        return closed;
    }

    /**
     * Builds each user's sessions as Kafka Streams' session windows do, and publishes each once, when it closes.
     *
     * <p>An event at {@code t} joins every open session of its user whose events come within the gap of
     * {@code t}, merging them; it is dropped as late when the merged session ends before the close time (the
     * stream time, the newest event time seen, less the gap and the grace). A session closes once its last event
     * is at or before the close time; closed sessions leave in order of their last event, then user.
     *
     * <p>The sessions are kept per user in memory and written to the store once per commit ({@link
     * WriteBackCache}): a busy user's events came to several a commit, each one read, merged and written
     * through a session store and a suppression buffer (two changelog records an event). Which user is due
     * to close next is kept in memory only, and rebuilt from the store when the task's state is (re)opened,
     * as is the stream time: the newest session's last event is the newest event accepted.
     */
    private static final class SessionBuilder implements Processor<String, ClickEvent, String, SessionSummary> {

        /** Users' sessions kept in memory. */
        private static final int CAPACITY = 50_000;

        private final long gap;
        private final long grace;
        private ProcessorContext<String, SessionSummary> context;
        private WriteBackCache<String, UserSessions> sessions;
        /** Every user stored, by the close time at which its sessions next change: its first open session closes, or its closed one is forgotten. */
        private final TreeSet<Due> due = new TreeSet<>();
        private final Map<String, Long> dueAt = new HashMap<>();
        private long streamTime = Long.MIN_VALUE;
        private Sensor late;

        SessionBuilder(Duration gap, Duration grace) {
            this.gap = gap.toMillis();
            this.grace = grace.toMillis();
        }

        @Override
        public void init(ProcessorContext<String, SessionSummary> context) {
            this.context = context;
            this.sessions = WriteBackCache.open(context, SESSIONS_STORE, CAPACITY);
            due.clear();
            dueAt.clear();
            streamTime = Long.MIN_VALUE;
            KeyValueStore<String, UserSessions> store = context.getStateStore(SESSIONS_STORE);
            try (KeyValueIterator<String, UserSessions> all = store.all()) {
                while (all.hasNext()) {
                    KeyValue<String, UserSessions> user = all.next();
                    streamTime = Math.max(streamTime, user.value.latest().last().toEpochMilli());
                    index(user.key, user.value);
                }
            }
            // In Kafka Streams' metrics (and so on /metrics): stream-clickstream-sessions-metrics, late-session-events-total.
            this.late = context.metrics().addRateTotalSensor(LATE_SCOPE, context.taskId().toString(), LATE_EVENTS,
                    Sensor.RecordingLevel.INFO);
        }

        @Override
        public void process(Record<String, ClickEvent> record) {
            String user = record.key();
            long at = record.timestamp();
            streamTime = Math.max(streamTime, at);
            long closeTime = streamTime - grace - gap;
            // Every stored user is indexed: one that is not has no sessions, and the store need not look for it
            // (RocksDB, as Kafka Streams ships it, finds a missing key through an exception of its own; these
            // lookups of new users were 9 % of the stream threads' samples in a benchmark catch-up).
            UserSessions stored = dueAt.containsKey(user) ? sessions.get(user) : null;
            List<SessionState> open = stored == null ? List.of() : stored.open();
            SessionState merged = null; // the sessions the event joins: usually one, merged only when it bridges two
            long end = at;
            List<SessionState> kept = new ArrayList<>(open.size() + 1);
            for (SessionState session : open) {
                if (session.last().toEpochMilli() >= at - gap && session.first().toEpochMilli() <= at + gap) {
                    merged = merged == null ? session : merged.merge(session);
                    end = Math.max(end, session.last().toEpochMilli());
                } else {
                    kept.add(session);
                }
            }
            if (end < closeTime) {
                late.record();
            } else {
                SessionState joined = (merged == null ? SessionState.empty() : merged).add(record.value());
                kept.add(joined);
                kept.sort(BY_FIRST_EVENT);
                UserSessions next = new UserSessions(kept, stored == null ? null : stored.closed());
                sessions.put(user, next);
                index(user, next);
            }
            closeDue(closeTime);
        }

        @Override
        public void close() {
            context.metrics().removeSensor(late);
        }

        /** Publishes the sessions the close time has closed, and forgets the closed ones kept long enough. */
        private void closeDue(long closeTime) {
            while (!due.isEmpty() && due.first().at() <= closeTime) {
                String user = due.pollFirst().user();
                dueAt.remove(user);
                UserSessions stored = sessions.get(user);
                List<SessionState> open = new ArrayList<>(stored.open());
                SessionState closed = stored.closed();
                while (!open.isEmpty() && open.get(0).last().toEpochMilli() <= closeTime) {
                    closed = open.remove(0);
                    context.forward(new Record<>(user, closed.summary(user), closed.last().toEpochMilli()));
                }
                if (closed != null && forgetAt(closed) <= closeTime) {
                    closed = null;
                }
                UserSessions next = open.isEmpty() && closed == null ? null : new UserSessions(open, closed);
                sessions.put(user, next);
                if (next != null) {
                    index(user, next);
                }
            }
        }

        /** Files {@code user} under the close time at which its sessions next change. */
        private void index(String user, UserSessions value) {
            long at = value.open().isEmpty() ? forgetAt(value.closed()) : value.open().get(0).last().toEpochMilli();
            Long before = dueAt.put(user, at);
            if (before != null) {
                due.remove(new Due(before, user));
            }
            due.add(new Due(at, user));
        }

        /** A closed session stays queryable for another gap and grace of stream time. */
        private long forgetAt(SessionState closed) {
            return closed.last().toEpochMilli() + gap + grace;
        }
    }

    private static final Comparator<SessionState> BY_FIRST_EVENT = Comparator.comparing(SessionState::first);

    /** A user due to change at close time {@code at}. */
    private record Due(long at, String user) implements Comparable<Due> {

        @Override
        public int compareTo(Due other) {
            int byTime = Long.compare(at, other.at);
            return byTime != 0 ? byTime : user.compareTo(other.user);
        }
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

        SessionStats plus(SessionStats other) {
            return new SessionStats(sessions + other.sessions, bounces + other.bounces, conversions + other.conversions,
                    revenue + other.revenue);
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
