package io.eventpipeline.clickstream.topology;

import io.eventpipeline.clickstream.ClickstreamConfig;
import io.eventpipeline.clickstream.ClickstreamTopics;
import io.eventpipeline.clickstream.event.ClickEvent;
import io.eventpipeline.clickstream.event.EventType;
import io.eventpipeline.clickstream.event.SessionSummary;
import io.eventpipeline.core.event.Alert;
import io.eventpipeline.core.event.DashboardUpdate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

/** The clickstream topology under TopologyTestDriver, with the record cache off so every update is visible. */
final class ClickstreamDriver implements AutoCloseable {

    /** A time safely in the past, so events pass the not-in-the-future rule. */
    static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");
    /** The pre-aggregation interval of test configs; the driver flushes after every event. */
    static final Duration PREAGGREGATE = Duration.ofSeconds(1);

    final TopologyTestDriver driver;
    final TestInputTopic<String, ClickEvent> events;
    final TestOutputTopic<String, DashboardUpdate> dashboard;
    final TestOutputTopic<String, Alert> alerts;
    final TestOutputTopic<String, SessionSummary> sessions;
    private final AtomicLong ids = new AtomicLong();

    ClickstreamDriver(ClickstreamConfig config) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "clickstream-test");
        props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0);
        // One partition, as TopologyTestDriver has: no other task's watermark to wait for.
        ClickstreamConfig onePartition = new ClickstreamConfig(config.grace(), config.sessionGap(), config.topPages(),
                config.botWindow(), config.botMaxEvents(), config.botMaxPagesPerSecond(), config.relatedPages(), 1,
                config.archiveDir(), config.preaggregateInterval(), config.partitionIdleAfter());
        driver = new TopologyTestDriver(ClickstreamTopology.build(new StreamsBuilder(), onePartition), props);
        events = driver.createInputTopic(ClickstreamTopics.EVENTS.name(), ClickstreamTopics.EVENTS.keySerde().serializer(),
                ClickstreamTopics.EVENTS.valueSerde().serializer());
        dashboard = driver.createOutputTopic(ClickstreamTopics.DASHBOARD.name(),
                ClickstreamTopics.DASHBOARD.keySerde().deserializer(), ClickstreamTopics.DASHBOARD.valueSerde().deserializer());
        alerts = driver.createOutputTopic(ClickstreamTopics.ALERTS.name(),
                ClickstreamTopics.ALERTS.keySerde().deserializer(), ClickstreamTopics.ALERTS.valueSerde().deserializer());
        sessions = driver.createOutputTopic(ClickstreamTopics.SESSIONS.name(),
                ClickstreamTopics.SESSIONS.keySerde().deserializer(), ClickstreamTopics.SESSIONS.valueSerde().deserializer());
    }

    void view(String user, String page, Instant at) {
        send(ClickEvent.pageView("e" + ids.incrementAndGet(), user, "s-" + user, page, at));
    }

    void cart(String user, String product, Instant at) {
        send(ClickEvent.pageView("e" + ids.incrementAndGet(), user, "s-" + user, "/cart", at)
                .as(EventType.ADD_TO_CART, null, product, null));
    }

    void purchase(String user, double amount, Instant at) {
        send(ClickEvent.pageView("e" + ids.incrementAndGet(), user, "s-" + user, "/checkout", at)
                .as(EventType.PURCHASE, null, null, amount));
    }

    void send(ClickEvent event) {
        // The record timestamp differs from the event's on purpose: windows must use event time.
        events.pipeInput(new TestRecord<>(event.userId(), event, Instant.parse("2030-01-01T00:00:00Z")));
        // Flush pre-aggregated partials at once, so each event reaches the re-keyed aggregations in order.
        driver.advanceWallClockTime(PREAGGREGATE);
    }

    /** Dashboard updates of one panel, in order, dropping those of other panels. */
    List<DashboardUpdate> panel(List<DashboardUpdate> updates, String panel) {
        return updates.stream().filter(u -> u.panel().equals(panel)).toList();
    }

    @Override
    public void close() {
        driver.close();
    }
}
