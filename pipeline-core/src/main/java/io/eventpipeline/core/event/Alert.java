package io.eventpipeline.core.event;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonCreator;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * An alert, the same shape from every app, written to {@code <app>.alerts}:
 * {@code {"alertId","app","type","severity","key","message","timestamp",…details}}. Details are
 * flattened into the top-level JSON object.
 *
 * @param alertId a deterministic id: the same condition in the same window yields the same id, so consumers can dedupe
 * @param app the app that raised it, e.g. {@code clickstream}
 * @param type what kind of alert, e.g. {@code BOT_SUSPECTED}
 * @param severity how urgent
 * @param key the entity concerned (user, device, symbol)
 * @param message one human sentence
 * @param timestamp event time of the condition
 * @param details extra fields, flattened into the JSON
 */
public record Alert(String alertId, String app, String type, Severity severity, String key, String message,
                    Instant timestamp, Map<String, Object> details) implements Validating {

    private static final Set<String> FIELDS = Set.of("alertId", "app", "type", "severity", "key", "message", "timestamp");

    public Alert {
        details = details == null ? Map.of() : Map.copyOf(details);
    }

    /** Reads the flattened JSON form: known fields by name, every other field into {@link #details()}. */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static Alert fromJson(Map<String, Object> json) {
        Map<String, Object> details = new LinkedHashMap<>(json);
        details.keySet().removeAll(FIELDS);
        details.values().removeIf(java.util.Objects::isNull);
        Object severity = json.get("severity");
        Object timestamp = json.get("timestamp");
        try {
            return new Alert(text(json, "alertId"), text(json, "app"), text(json, "type"),
                    severity == null ? null : Severity.valueOf(severity.toString()), text(json, "key"),
                    text(json, "message"), timestamp == null ? null : Instant.parse(timestamp.toString()), details);
        } catch (IllegalArgumentException | java.time.DateTimeException e) {
            throw new InvalidEventException("bad alert field: " + e.getMessage());
        }
    }

    private static String text(Map<String, Object> json, String field) {
        Object value = json.get(field);
        return value == null ? null : value.toString();
    }

    @JsonAnyGetter
    @Override
    public Map<String, Object> details() {
        return details;
    }

    @Override
    public void validate() {
        Validating.requireText("alertId", alertId);
        Validating.requireText("app", app);
        Validating.requireText("type", type);
        Validating.requirePresent("severity", severity);
        Validating.requirePresent("timestamp", timestamp);
    }
}
