package io.eventpipeline.monitoring.live;

import io.eventpipeline.core.config.ConfigException;
import io.eventpipeline.core.config.ConfigSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The apps the live dashboard shows and the input topic whose rate it plots for each:
 * {@code dashboard.apps} ({@code PIPELINE_DASHBOARD_APPS}), {@code app:topic} pairs separated by commas,
 * by default {@value #DEFAULT}. It reads {@code <app>.alerts} and {@code <app>.dashboard} of each.
 *
 * @param inputs input topic by app, in order
 */
public record DashboardApps(Map<String, String> inputs) {

    static final String KEY = "dashboard.apps";
    static final String DEFAULT = "clickstream:clickstream.events,iot:iot.readings,market:market.ticks";

    public DashboardApps {
        inputs = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(inputs));
    }

    /** @throws ConfigException naming {@value #KEY} if it is not a list of {@code app:topic} */
    public static DashboardApps load(ConfigSource source) {
        String value = source.getString(KEY, DEFAULT);
        Map<String, String> inputs = new LinkedHashMap<>();
        for (String pair : value.split(",")) {
            String[] parts = pair.trim().split(":");
            if (parts.length != 2 || parts[0].isBlank() || parts[1].isBlank()) {
                throw new ConfigException(KEY, "got '" + value + "'; expected app:topic pairs separated by commas, e.g. " + DEFAULT);
            }
            if (inputs.put(parts[0].trim(), parts[1].trim()) != null) {
                throw new ConfigException(KEY, "app '" + parts[0].trim() + "' is listed twice in '" + value + "'");
            }
        }
        return new DashboardApps(inputs);
    }

    public List<String> apps() {
        return List.copyOf(inputs.keySet());
    }

    /** Every topic the dashboard reads: each app's alerts and dashboard, HVAC commands and signals. */
    public List<String> topics() {
        List<String> topics = new ArrayList<>();
        for (String app : inputs.keySet()) {
            topics.add(app + ".alerts");
            topics.add(app + ".dashboard");
        }
        if (inputs.containsKey("iot")) {
            topics.add("iot.hvac-commands");
        }
        if (inputs.containsKey("market")) {
            topics.add("market.signals");
        }
        return topics;
    }
}
