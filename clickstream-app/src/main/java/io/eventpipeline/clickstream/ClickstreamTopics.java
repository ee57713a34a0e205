package io.eventpipeline.clickstream;

import io.eventpipeline.clickstream.event.ClickEvent;
import io.eventpipeline.clickstream.event.SessionSummary;
import io.eventpipeline.core.event.Alert;
import io.eventpipeline.core.event.DashboardUpdate;
import io.eventpipeline.core.topic.Topic;

/** The clickstream app's topics: the public contract other tools read and write. */
public final class ClickstreamTopics {

    /** The app's short name: prefixes topics, meters, stores and the application id. */
    public static final String APP = "clickstream";

    /** Input. Key: userId. Value: {@link ClickEvent} JSON. */
    public static final Topic<String, ClickEvent> EVENTS = Topic.json("clickstream.events", ClickEvent.class);
    /** Output. Key: the alert's subject (userId). Value: {@link Alert} JSON. */
    public static final Topic<String, Alert> ALERTS = Topic.json("clickstream.alerts", Alert.class);
    /** Output. Key: panel name. Value: {@link DashboardUpdate} JSON. */
    public static final Topic<String, DashboardUpdate> DASHBOARD = Topic.json("clickstream.dashboard", DashboardUpdate.class);
    /** Output, one record per closed session. Key: userId. Value: {@link SessionSummary} JSON. */
    public static final Topic<String, SessionSummary> SESSIONS = Topic.json("clickstream.sessions", SessionSummary.class);
    /** Dead letters: records that could not be read or processed, with the reason in headers. */
    public static final String DEAD_LETTERS = "clickstream.dlq";

    private ClickstreamTopics() {
    }
}
