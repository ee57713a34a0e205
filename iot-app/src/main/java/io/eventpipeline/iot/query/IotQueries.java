package io.eventpipeline.iot.query;

import io.eventpipeline.core.event.Alert;
import io.eventpipeline.core.http.HttpError;
import io.eventpipeline.core.http.Request;
import io.eventpipeline.core.http.Routes;
import io.eventpipeline.core.query.InteractiveQueries;
import io.eventpipeline.iot.topology.ActiveAlerts;
import io.eventpipeline.iot.topology.ClimateControlTopology;
import io.eventpipeline.iot.topology.DeviceStatsTopology;
import io.eventpipeline.iot.topology.Liveness;
import io.eventpipeline.iot.topology.OfflineDetectionTopology;
import io.eventpipeline.iot.topology.RoomClimate;
import io.eventpipeline.iot.topology.Stats;
import io.eventpipeline.iot.topology.ThresholdAlertTopology;
import io.eventpipeline.iot.topology.ThresholdState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;
import reactor.core.publisher.Mono;

/**
 * The IoT app's HTTP queries, answered from its state stores on whichever instance holds them.
 *
 * <ul>
 *   <li>{@code GET /devices/{id}}: the latest reading, online or offline and since when last heard of, the
 *       statistics of its latest 1-minute window, its threshold band and its alerts in force.</li>
 *   <li>{@code GET /rooms/{id}} (id {@code <siteId>:<room>}): the room's average temperature, its devices'
 *       newest temperatures, setpoint, deadband and HVAC mode.</li>
 *   <li>{@code GET /alerts/active[?type=T][&limit=N]}: alerts in force across all instances, newest first.</li>
 * </ul>
 */
public final class IotQueries {

    private final InteractiveQueries queries;
    private final Clock clock;

    public IotQueries(InteractiveQueries queries, Clock clock) {
        this.queries = queries;
        this.clock = clock;
    }

    /** Adds the routes. */
    public void addTo(Routes routes) {
        routes.get("/devices/{id}", this::device)
                .get("/rooms/{id}", this::room)
                .get("/alerts/active", this::activeAlerts);
    }

    Mono<?> device(Request request) {
        String id = request.pathParam("id");
        return queries.byKey(OfflineDetectionTopology.LIVENESS_STORE, id, Serdes.String().serializer(), request,
                () -> Mono.justOrEmpty(deviceHere(id))
                        .switchIfEmpty(Mono.error(HttpError.notFound("no readings from device '" + id + "'"))));
    }

    private Map<String, Object> deviceHere(String id) {
        ReadOnlyKeyValueStore<String, Liveness> liveness = queries.store(OfflineDetectionTopology.LIVENESS_STORE,
                QueryableStoreTypes.keyValueStore());
        Liveness device = liveness.get(id);
        if (device == null) {
            return null;
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("deviceId", id);
        answer.put("online", !device.offline());
        answer.put("lastSeen", device.lastSeen());
        answer.put("latest", device.latest());
        answer.put("window", latestWindow(id));
        ReadOnlyKeyValueStore<String, ThresholdState> thresholds = queries.store(ThresholdAlertTopology.STATE_STORE,
                QueryableStoreTypes.keyValueStore());
        ThresholdState band = thresholds.get(id);
        answer.put("band", band == null ? null : band.band());
        answer.put("activeAlerts", alertsOf(id));
        return answer;
    }

    private Map<String, Object> latestWindow(String id) {
        ReadOnlyWindowStore<String, Stats> stats = queries.store(DeviceStatsTopology.DEVICE_STATS_STORE,
                QueryableStoreTypes.windowStore());
        Instant now = clock.instant();
        KeyValue<Windowed<String>, Stats> latest = null;
        // Event time may trail the wall clock: look back over the store's retention (a day at most).
        try (KeyValueIterator<Windowed<String>, Stats> windows = stats.backwardFetch(id, id, now.minus(Duration.ofDays(1)), now)) {
            if (windows.hasNext()) {
                latest = windows.next();
            }
        }
        if (latest == null) {
            return null;
        }
        Map<String, Object> window = new LinkedHashMap<>();
        window.put("windowStart", latest.key.window().startTime());
        window.put("windowEnd", latest.key.window().endTime());
        window.putAll(latest.value.summary());
        return window;
    }

    private List<Alert> alertsOf(String id) {
        ReadOnlyKeyValueStore<String, Alert> active = queries.store(ActiveAlerts.STORE, QueryableStoreTypes.keyValueStore());
        List<Alert> alerts = new ArrayList<>();
        try (KeyValueIterator<String, Alert> of = active.prefixScan(id + "|", new StringSerializer())) {
            of.forEachRemaining(entry -> alerts.add(entry.value));
        }
        return alerts;
    }

    Mono<?> room(Request request) {
        String id = request.pathParam("id");
        if (!id.contains(":")) {
            return Mono.error(HttpError.badRequest("a room id is <siteId>:<room>, was '" + id + "'"));
        }
        return queries.byKey(ClimateControlTopology.ROOMS_STORE, id, Serdes.String().serializer(), request, () -> {
            ReadOnlyKeyValueStore<String, RoomClimate> rooms = queries.store(ClimateControlTopology.ROOMS_STORE,
                    QueryableStoreTypes.keyValueStore());
            RoomClimate room = rooms.get(id);
            return room == null ? Mono.error(HttpError.notFound("no temperature readings from room '" + id + "'")) : Mono.just(room);
        });
    }

    Mono<?> activeAlerts(Request request) {
        String type = request.query("type").map(t -> t.toUpperCase(Locale.ROOT)).orElse(null);
        int limit = request.intQuery("limit", 100, 1, 10_000);
        return queries.fromAll(ActiveAlerts.STORE, request, () -> Mono.just(new AlertsPart(activeHere(type))), AlertsPart.class)
                .map(parts -> {
                    List<Alert> all = new ArrayList<>();
                    parts.forEach(p -> all.addAll(p.alerts()));
                    all.sort(Comparator.comparing(Alert::timestamp).reversed().thenComparing(Alert::key));
                    Map<String, Object> answer = new LinkedHashMap<>();
                    answer.put("count", all.size());
                    answer.put("alerts", all.subList(0, Math.min(limit, all.size())));
                    return answer;
                });
    }

    private List<Alert> activeHere(String type) {
        ReadOnlyKeyValueStore<String, Alert> active = queries.store(ActiveAlerts.STORE, QueryableStoreTypes.keyValueStore());
        List<Alert> alerts = new ArrayList<>();
        try (KeyValueIterator<String, Alert> all = active.all()) {
            all.forEachRemaining(entry -> {
                if (type == null || entry.value.type().equals(type)) {
                    alerts.add(entry.value);
                }
            });
        }
        return alerts;
    }

    /** One instance's alerts in force. */
    public record AlertsPart(List<Alert> alerts) {
    }
}
