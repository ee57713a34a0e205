package io.eventpipeline.core.event;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * One panel's new content, written to {@code <app>.dashboard}:
 * {@code {"app","panel","windowStart","windowEnd","data":{…}}}.
 *
 * @param app the app that computed it
 * @param panel which panel, e.g. {@code top-pages-1m}
 * @param windowStart start of the window the data covers (inclusive)
 * @param windowEnd end of the window (exclusive)
 * @param data the panel's figures
 */
public record DashboardUpdate(String app, String panel, Instant windowStart, Instant windowEnd,
                              Map<String, Object> data) implements Validating {

    public DashboardUpdate {
        data = data == null ? Map.of() : Map.copyOf(data);
    }

    /** The update of {@code app}'s {@code panel} for the window of {@code size} starting at {@code startMillis} (epoch millis). */
    public static DashboardUpdate ofWindow(String app, String panel, long startMillis, Duration size, Map<String, Object> data) {
        Instant start = Instant.ofEpochMilli(startMillis);
        return new DashboardUpdate(app, panel, start, start.plus(size), data);
    }

    @Override
    public void validate() {
        Validating.requireText("app", app);
        Validating.requireText("panel", panel);
    }
}
