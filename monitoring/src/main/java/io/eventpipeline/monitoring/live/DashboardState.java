package io.eventpipeline.monitoring.live;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the live dashboard shows, folded from the apps' public topics: the newest alerts and alert rates per
 * app, each app's input rate, clickstream's top pages, sessions and funnel, IoT room temperatures and HVAC
 * modes, market movers and signals. Events update it as they arrive; the browser gets a {@link #snapshot}
 * once a second, never the events themselves, so the page keeps up at any event rate.
 *
 * <p>Thread-safe: consumers call {@link #accept} from their threads, the ticker calls {@link #snapshot}.
 */
public final class DashboardState {

    static final int ALERTS_KEPT = 25;
    static final int SIGNALS_KEPT = 12;
    static final int HISTORY_POINTS = 90;
    static final int ROOMS_SHOWN = 18;
    private static final Duration MINUTE = Duration.ofMinutes(1);
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final List<String> apps;
    private final Deque<ObjectNode> alerts = new ArrayDeque<>();
    private final Map<String, Deque<Instant>> alertTimes = new LinkedHashMap<>();
    private final Map<String, Map<String, Long>> alertCounts = new LinkedHashMap<>();
    private final Map<String, Deque<Double>> rates = new LinkedHashMap<>();
    private final Map<String, JsonNode> panels = new LinkedHashMap<>();
    private final Map<String, ObjectNode> rooms = new TreeMap<>();
    private final Deque<JsonNode> signals = new ArrayDeque<>();
    private long records;

    /** @param apps the apps shown, in order */
    public DashboardState(List<String> apps) {
        this.apps = List.copyOf(apps);
        for (String app : apps) {
            alertTimes.put(app, new ArrayDeque<>());
            alertCounts.put(app, new LinkedHashMap<>(Map.of("INFO", 0L, "WARNING", 0L, "CRITICAL", 0L)));
            rates.put(app, new ArrayDeque<>());
        }
    }

    /**
     * Folds in one record of {@code topic}: {@code <app>.alerts}, {@code <app>.dashboard},
     * {@code iot.hvac-commands} or {@code market.signals}; others are ignored.
     *
     * @param arrived when it arrived (wall clock), for the per-minute alert rate
     */
    public synchronized void accept(String topic, JsonNode value, Instant arrived) {
        records++;
        if (value == null || !value.isObject()) {
            return;
        }
        if (topic.endsWith(".alerts")) {
            alert(topic.substring(0, topic.length() - ".alerts".length()), (ObjectNode) value, arrived);
        } else if (topic.endsWith(".dashboard")) {
            dashboard(value);
        } else if (topic.equals("iot.hvac-commands")) {
            ObjectNode room = room(value.path("roomId").asText());
            room.put("hvac", value.path("mode").asText());
            room.put("target", value.path("target").asDouble());
            if (!room.has("temperature")) {
                // The room's average that led to the command, until its first one-minute statistics arrive.
                room.put("temperature", value.path("temperature").asDouble());
            }
        } else if (topic.equals("market.signals")) {
            signals.addFirst(value);
            trim(signals, SIGNALS_KEPT);
        }
    }

    /** Records the input rate of {@code app} (events per second over the last interval). */
    public synchronized void inputRate(String app, double eventsPerSecond) {
        Deque<Double> history = rates.get(app);
        if (history != null) {
            history.addLast(eventsPerSecond);
            while (history.size() > HISTORY_POINTS) {
                history.removeFirst();
            }
        }
    }

    /** Records read so far, from every topic. */
    public synchronized long records() {
        return records;
    }

    private void alert(String app, ObjectNode alert, Instant arrived) {
        ObjectNode shown = NODES.objectNode();
        for (String field : List.of("app", "type", "severity", "key", "message", "timestamp")) {
            shown.set(field, alert.path(field).isMissingNode() ? NODES.nullNode() : alert.get(field));
        }
        if (shown.path("app").isNull()) {
            shown.put("app", app);
        }
        alerts.addFirst(shown);
        trim(alerts, ALERTS_KEPT);
        alertTimes.computeIfAbsent(app, a -> new ArrayDeque<>()).addLast(arrived);
        alertCounts.computeIfAbsent(app, a -> new LinkedHashMap<>())
                .merge(alert.path("severity").asText("INFO"), 1L, Long::sum);
    }

    private void dashboard(JsonNode update) {
        String app = update.path("app").asText();
        String panel = update.path("panel").asText();
        if (panel.equals("room-stats-1m")) {
            JsonNode data = update.path("data");
            if (data.path("sensorType").asText().equals("TEMPERATURE")) {
                ObjectNode room = room(data.path("roomId").asText());
                room.put("temperature", data.path("mean").asDouble());
                room.put("windowEnd", update.path("windowEnd").asText());
            }
            return;
        }
        JsonNode previous = panels.get(app + "/" + panel);
        // A panel shows its newest window; a late update of an older window does not replace it.
        if (previous == null || update.path("windowStart").asText().compareTo(previous.path("windowStart").asText()) >= 0) {
            panels.put(app + "/" + panel, update);
        }
    }

    private ObjectNode room(String id) {
        return rooms.computeIfAbsent(id, r -> NODES.objectNode().put("room", r));
    }

    /** Everything the page shows, as of {@code now}. */
    public synchronized ObjectNode snapshot(Instant now) {
        ObjectNode snapshot = NODES.objectNode();
        snapshot.put("time", now.toString());
        snapshot.put("records", records);
        ObjectNode appsNode = snapshot.putObject("apps");
        for (String app : apps) {
            ObjectNode node = appsNode.putObject(app);
            Deque<Double> history = rates.get(app);
            node.put("eventsPerSecond", history.isEmpty() ? 0 : round(history.peekLast()));
            ArrayNode points = node.putArray("history");
            history.forEach(rate -> points.add(round(rate)));
            Deque<Instant> times = alertTimes.get(app);
            Instant since = now.minus(MINUTE);
            while (!times.isEmpty() && times.peekFirst().isBefore(since)) {
                times.removeFirst();
            }
            node.put("alertsPerMinute", times.size());
            ObjectNode counts = node.putObject("alerts");
            alertCounts.get(app).forEach(counts::put);
        }
        ArrayNode alertList = snapshot.putArray("alerts");
        alerts.forEach(alertList::add);

        ObjectNode clickstream = snapshot.putObject("clickstream");
        putPanel(clickstream, "topPages", "clickstream/top-pages-1m");
        putPanel(clickstream, "sessions", "clickstream/sessions-1m");
        putPanel(clickstream, "funnel", "clickstream/funnel-1m");

        ObjectNode iot = snapshot.putObject("iot");
        iot.put("roomsTotal", rooms.size());
        ObjectNode modes = iot.putObject("hvac");
        modes.put("HEAT", 0);
        modes.put("COOL", 0);
        modes.put("OFF", 0);
        ArrayNode roomList = iot.putArray("rooms");
        // Rooms the HVAC works on first, then the rest, by name: the page shows a screenful.
        List<ObjectNode> ordered = rooms.values().stream()
                .sorted((a, b) -> Boolean.compare(idle(a), idle(b))).toList();
        for (ObjectNode room : rooms.values()) {
            String mode = room.path("hvac").asText("OFF");
            modes.put(mode, modes.path(mode).asLong() + 1);
        }
        for (Iterator<ObjectNode> it = ordered.iterator(); it.hasNext() && roomList.size() < ROOMS_SHOWN; ) {
            ObjectNode room = it.next();
            if (room.has("temperature")) {
                roomList.add(room);
            }
        }

        ObjectNode market = snapshot.putObject("market");
        putPanel(market, "movers", "market/movers-1m");
        ArrayNode signalList = market.putArray("signals");
        signals.forEach(signalList::add);
        return snapshot;
    }

    private static double round(double value) {
        return Math.round(value * 10) / 10.0;
    }

    private static boolean idle(ObjectNode room) {
        return room.path("hvac").asText("OFF").equals("OFF");
    }

    private void putPanel(ObjectNode parent, String field, String key) {
        JsonNode update = panels.get(key);
        if (update == null) {
            parent.putNull(field);
            return;
        }
        ObjectNode node = parent.putObject(field);
        node.set("windowStart", update.path("windowStart"));
        node.set("windowEnd", update.path("windowEnd"));
        node.set("data", update.path("data"));
    }

    private static <T> void trim(Deque<T> deque, int max) {
        while (deque.size() > max) {
            deque.removeLast();
        }
    }
}
