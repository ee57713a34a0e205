package io.eventpipeline.core.event;

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

    @Override
    public void validate() {
        Validating.requireText("app", app);
        Validating.requireText("panel", panel);
    }
}
