package io.eventpipeline.clickstream.topology;

import io.eventpipeline.clickstream.ClickstreamConfig;
import io.eventpipeline.clickstream.ClickstreamTopics;
import io.eventpipeline.clickstream.event.ClickEvent;
import io.eventpipeline.clickstream.event.SessionSummary;
import io.eventpipeline.core.streams.StreamsSettings;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.KStream;

/**
 * The clickstream app's whole topology: one source on {@code clickstream.events}, read on event time,
 * feeding each independent processor. Each processor is its own class; this one only connects them.
 */
public final class ClickstreamTopology {

    private ClickstreamTopology() {
    }

    public static Topology build(StreamsBuilder builder, ClickstreamConfig config) {
        KStream<String, ClickEvent> events = builder.stream(ClickstreamTopics.EVENTS.name(),
                ClickstreamTopics.EVENTS.consumedOnEventTime("clickstream-source-events"));
        PageAnalyticsTopology.build(builder, events, config);
        KStream<String, SessionSummary> sessions = SessionsTopology.build(builder, events, config);
        RecommendationsTopology.build(sessions, config);
        FunnelTopology.build(builder, events, config);
        BotDetectionTopology.build(builder, events, config);
        return builder.build(StreamsSettings.topology());
    }
}
