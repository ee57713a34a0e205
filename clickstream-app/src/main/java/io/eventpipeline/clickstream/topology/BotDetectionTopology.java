package io.eventpipeline.clickstream.topology;

import io.eventpipeline.clickstream.ClickstreamConfig;
import io.eventpipeline.clickstream.ClickstreamTopics;
import io.eventpipeline.clickstream.event.ClickEvent;
import io.eventpipeline.core.event.Alert;
import io.eventpipeline.core.event.Severity;
import io.eventpipeline.core.serde.StateSerde;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.state.WindowStore;

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

    private BotDetectionTopology() {
    }

    public static void build(StreamsBuilder builder, KStream<String, ClickEvent> events, ClickstreamConfig config) {
        TimeWindows windows = TimeWindows.ofSizeAndGrace(config.botWindow(), config.grace());
        builder.addStateStore(FirstPerWindow.store(ALERTED_STORE, config.botWindow(),
                config.botWindow().plus(config.grace()).multipliedBy(2)));
        double windowSeconds = config.botWindow().toMillis() / 1000.0;

        events
                .groupByKey(Grouped.with("clickstream-group-events-by-user-bots", Serdes.String(),
                        ClickstreamTopics.EVENTS.valueSerde()))
                .windowedBy(windows)
                .aggregate(ActivityStats::empty, (user, event, stats) -> stats.add(event),
                        Named.as("clickstream-aggregate-user-activity"),
                        // Uncached, as the sessions: per user and window, a cache would save no writes.
                        Materialized.<String, ActivityStats, WindowStore<Bytes, byte[]>>as(ACTIVITY_STORE)
                                .withKeySerde(Serdes.String()).withValueSerde(StateSerde.of(ActivityStats.class))
                                .withCachingDisabled())
                .toStream(Named.as("clickstream-user-activity"))
                .filter((window, stats) -> stats != null && breach(stats, config, windowSeconds) != null,
                        Named.as("clickstream-filter-bot-breaches"))
                // Every later update of a breached window breaches again: alert on the first only.
                .processValues(() -> new FirstPerWindow<ActivityStats>(ALERTED_STORE),
                        Named.as("clickstream-dedupe-bot-alerts"), ALERTED_STORE)
                .map((window, stats) -> KeyValue.pair(window.key(), alert(window, stats, config, windowSeconds)),
                        Named.as("clickstream-bot-alerts"))
                .to(ClickstreamTopics.ALERTS.name(), ClickstreamTopics.ALERTS.producedAs("clickstream-sink-bot-alerts"));
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
