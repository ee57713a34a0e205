package io.eventpipeline.clickstream.event;

import java.time.Instant;
import java.util.List;

/**
 * A closed session, the value of {@code clickstream.sessions} (key: userId), written once when the
 * session's inactivity gap (plus grace) has passed.
 *
 * @param userId whose session
 * @param start the first event's time
 * @param end the last event's time
 * @param durationMs end minus start
 * @param events events in the session
 * @param pageViews page views in the session
 * @param bounce whether the session viewed at most one page and bought nothing
 * @param converted whether the session contains a purchase
 * @param revenue the sum of purchase amounts
 * @param pages the distinct pages viewed, in the order their views arrived (at most {@value SessionState#MAX_PAGES})
 */
public record SessionSummary(String userId, Instant start, Instant end, long durationMs, long events, long pageViews,
                             boolean bounce, boolean converted, double revenue, List<String> pages) {
}
