package io.eventpipeline.clickstream.topology;

import io.eventpipeline.clickstream.ClickstreamConfig;
import io.eventpipeline.clickstream.ClickstreamTopics;
import io.eventpipeline.clickstream.event.ClickEvent;
import io.eventpipeline.core.event.Alert;
import io.eventpipeline.core.event.Severity;
import io.eventpipeline.core.serde.StateSerde;
import io.eventpipeline.core.streams.WindowWriteBack;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.kstream.internals.TimeWindow;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.Stores;

/**
 * Bot and abuse detection: a user with more than {@code bot.max.events} events in a
 * {@code bot.window}, or more distinct pages per second than {@code bot.max.pages.per.second}, is a
 * suspected bot. One alert per user per window, at the first breach, with no wait for the window to close.
 *
 * <p>In: {@code clickstream.events} (key userId). Out: {@code clickstream.alerts} (key userId, value
 * {@link Alert} of type {@value #ALERT_TYPE}, id {@code clickstream-bot-<user>-<windowStart>}). Stores:
 * {@value #ACTIVITY_STORE} (activity per user and window), {@value #ALERTED_STORE} (windows alerted).
 */
public final class BotDetectionTopology {

    public static final String ACTIVITY_STORE = "clickstream-bot-activity";
    public static final String ALERTED_STORE = "clickstream-bot-alerted";
    public static final String ALERT_TYPE = "BOT_SUSPECTED";
    static final String LATE_SCOPE = "clickstream-bot-activity";
    static final String LATE_EVENTS = "late-activity-events";

    private BotDetectionTopology() {
    }

    public static void build(StreamsBuilder builder, KStream<String, ClickEvent> events, ClickstreamConfig config) {
        builder.addStateStore(FirstPerWindow.store(ALERTED_STORE, config.botWindow(),
                config.botWindow().plus(config.grace()).multipliedBy(2)));
        double windowSeconds = config.botWindow().toMillis() / 1000.0;

        String[] activityStores = WindowWriteBack.addStores(builder, Stores.timestampedWindowStoreBuilder(
                // Timestamped, and kept for a window and its grace, as the DSL's windowed aggregation kept it.
                Stores.persistentTimestampedWindowStore(ACTIVITY_STORE, config.botWindow().plus(config.grace()),
                        config.botWindow(), false),
                Serdes.String(), StateSerde.of(ActivityStats.class)));
        // Already keyed by user: no repartition.
        events
                .process(() -> new ActivityCounter(config.botWindow(), config.grace()),
                        Named.as("clickstream-aggregate-user-activity"), activityStores)
                .filter((window, stats) -> stats != null && breach(stats, config, windowSeconds) != null,
                        Named.as("clickstream-filter-bot-breaches"))
                // Every later update of a breached window breaches again: alert on the first only.
                .processValues(() -> new FirstPerWindow<ActivityStats>(ALERTED_STORE),
                        Named.as("clickstream-dedupe-bot-alerts"), ALERTED_STORE)
                .map((window, stats) -> KeyValue.pair(window.key(), alert(window, stats, config, windowSeconds)),
                        Named.as("clickstream-bot-alerts"))
                .to(ClickstreamTopics.ALERTS.name(), ClickstreamTopics.ALERTS.producedAs("clickstream-sink-bot-alerts"));
    }

    /**
     * Each user's activity per tumbling window, as the DSL's windowed aggregation counted it, each update
     * forwarded: an event whose window ended at or before the stream time less the grace is dropped (and
     * counted, {@code late-activity-events-total} in group {@code stream-clickstream-bot-activity-metrics}).
     *
     * <p>The open windows' activity is kept in memory and written to the store once per commit ({@link
     * WindowWriteBack}): a busy user (a bot above all) sends many events a commit, each read and written
     * through the store's serde and logged.
     */
    private static final class ActivityCounter implements Processor<String, ClickEvent, Windowed<String>, ActivityStats> {

        private final Duration size;
        private final long grace;
        private ProcessorContext<Windowed<String>, ActivityStats> context;
        private WindowWriteBack<String, ActivityStats> activity;
        private long streamTime = Long.MIN_VALUE;
        private Sensor late;

        ActivityCounter(Duration size, Duration grace) {
            this.size = size;
            this.grace = grace.toMillis();
        }

        @Override
        public void init(ProcessorContext<Windowed<String>, ActivityStats> context) {
            this.context = context;
            this.activity = WindowWriteBack.open(context, ACTIVITY_STORE, size, stats -> stats.last().toEpochMilli());
            this.late = context.metrics().addRateTotalSensor(LATE_SCOPE, context.taskId().toString(), LATE_EVENTS,
                    Sensor.RecordingLevel.INFO);
        }

        @Override
        public void process(Record<String, ClickEvent> record) {
            // The task's stream time is kept across restarts (in its committed offsets' metadata).
            streamTime = Math.max(streamTime, Math.max(record.timestamp(), context.currentStreamTimeMs()));
            long closeTime = streamTime - grace;
            long start = activity.windowStart(record.timestamp());
            long end = start + size.toMillis();
            if (end <= closeTime) {
                late.record();
                return;
            }
            ActivityStats before = activity.get(record.key(), start);
            ActivityStats stats = (before == null ? ActivityStats.empty() : before).add(record.value());
            activity.put(record.key(), start, stats);
            activity.closeThrough(closeTime);
            context.forward(new Record<>(new Windowed<>(record.key(), new TimeWindow(start, end)), stats,
                    stats.last().toEpochMilli(), record.headers()));
        }

        @Override
        public void close() {
            context.metrics().removeSensor(late);
        }
    }

    /** Which rule the activity breaks, or {@code null}. */
    static String breach(ActivityStats stats, ClickstreamConfig config, double windowSeconds) {
        if (stats.events() > config.botMaxEvents()) {
            return "events";
        }
        if (stats.pages().size() / windowSeconds > config.botMaxPagesPerSecond()) {
            return "pages";
        }
        return null;
    }

    private static Alert alert(Windowed<String> window, ActivityStats stats, ClickstreamConfig config, double windowSeconds) {
        String user = window.key();
        String rule = breach(stats, config, windowSeconds);
        String message = rule.equals("events")
                ? String.format(Locale.ROOT, "user %s sent %d events in %.0f s (limit %d)", user, stats.events(),
                windowSeconds, config.botMaxEvents())
                : String.format(Locale.ROOT, "user %s viewed %d distinct pages in %.0f s (limit %.1f/s)", user,
                stats.pages().size(), windowSeconds, config.botMaxPagesPerSecond());
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("rule", rule);
        details.put("events", stats.events());
        details.put("distinctPages", stats.pages().size());
        details.put("windowStart", window.window().startTime().toString());
        details.put("windowEnd", window.window().endTime().toString());
        return new Alert("clickstream-bot-" + user + "-" + window.window().start(), ClickstreamTopics.APP, ALERT_TYPE,
                Severity.WARNING, user, message, stats.last(), details);
    }
}
