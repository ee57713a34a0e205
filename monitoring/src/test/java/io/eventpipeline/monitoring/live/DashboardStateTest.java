package io.eventpipeline.monitoring.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class DashboardStateTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");

    private final DashboardState state = new DashboardState(List.of("clickstream", "iot", "market"));

    @Test
    void shouldKeepTheNewestAlertsFirstAndCountThemPerMinuteAndSeverity() throws Exception {
        state.accept("iot.alerts", json("{'app':'iot','type':'SPIKE','severity':'WARNING','key':'d1','message':'m1',"
                + "'timestamp':'2026-11-22T09:58:00Z','details':{'x':1}}"), NOW.minusSeconds(90));
        state.accept("market.alerts", json("{'app':'market','type':'PRICE_JUMP','severity':'CRITICAL','key':'ACME',"
                + "'message':'m2','timestamp':'2026-11-22T09:59:50Z'}"), NOW.minusSeconds(5));
        for (int i = 0; i < DashboardState.ALERTS_KEPT + 5; i++) {
            state.accept("clickstream.alerts", json("{'app':'clickstream','type':'BOT','severity':'INFO','key':'u" + i
                    + "','message':'m','timestamp':'2026-11-22T09:59:59Z'}"), NOW.minusSeconds(1));
        }
        ObjectNode snapshot = state.snapshot(NOW);
        assertEquals(DashboardState.ALERTS_KEPT, snapshot.path("alerts").size());
        assertEquals("u29", snapshot.path("alerts").get(0).path("key").asText(), "newest first");
        assertTrue(snapshot.path("alerts").get(0).path("details").isMissingNode(), "details stay out of the page");
        assertEquals(0, snapshot.path("apps").path("iot").path("alertsPerMinute").asInt(), "90 s ago: not in the last minute");
        assertEquals(1, snapshot.path("apps").path("iot").path("alerts").path("WARNING").asInt());
        assertEquals(1, snapshot.path("apps").path("market").path("alertsPerMinute").asInt());
        assertEquals(1, snapshot.path("apps").path("market").path("alerts").path("CRITICAL").asInt());
        assertEquals(30, snapshot.path("apps").path("clickstream").path("alertsPerMinute").asInt());
    }

    @Test
    void shouldShowTheNewestWindowOfAPanelEvenWhenAnOlderOneIsAmendedLate() throws Exception {
        state.accept("clickstream.dashboard", json("{'app':'clickstream','panel':'top-pages-1m','windowStart':'2026-11-22T09:58:00Z',"
                + "'windowEnd':'2026-11-22T09:59:00Z','data':{'pages':[{'page':'/a','views':3}]}}"), NOW);
        state.accept("clickstream.dashboard", json("{'app':'clickstream','panel':'top-pages-1m','windowStart':'2026-11-22T09:57:00Z',"
                + "'windowEnd':'2026-11-22T09:58:00Z','data':{'pages':[{'page':'/old','views':9}]}}"), NOW);
        JsonNode top = state.snapshot(NOW).path("clickstream").path("topPages");
        assertEquals("2026-11-22T09:58:00Z", top.path("windowStart").asText());
        assertEquals("/a", top.path("data").path("pages").get(0).path("page").asText());
        assertTrue(state.snapshot(NOW).path("market").path("movers").isNull(), "no movers yet");
    }

    @Test
    void shouldJoinRoomTemperaturesWithHvacModesWorkingRoomsFirst() throws Exception {
        state.accept("iot.dashboard", json("{'app':'iot','panel':'room-stats-1m','windowStart':'2026-11-22T09:58:00Z',"
                + "'windowEnd':'2026-11-22T09:59:00Z','data':{'roomId':'hq:a','sensorType':'TEMPERATURE','mean':21.5}}"), NOW);
        state.accept("iot.dashboard", json("{'app':'iot','panel':'room-stats-1m','windowStart':'2026-11-22T09:58:00Z',"
                + "'windowEnd':'2026-11-22T09:59:00Z','data':{'roomId':'hq:a','sensorType':'HUMIDITY','mean':40}}"), NOW);
        state.accept("iot.hvac-commands", json("{'roomId':'hq:z','mode':'HEAT','target':21.0,'temperature':18.2}"), NOW);
        JsonNode iot = state.snapshot(NOW).path("iot");
        assertEquals(2, iot.path("roomsTotal").asInt());
        assertEquals(1, iot.path("hvac").path("HEAT").asInt());
        assertEquals(1, iot.path("hvac").path("OFF").asInt());
        assertEquals("hq:z", iot.path("rooms").get(0).path("room").asText(), "heating first");
        assertEquals(18.2, iot.path("rooms").get(0).path("temperature").asDouble(), "the command's reading until statistics arrive");
        assertEquals(21.5, iot.path("rooms").get(1).path("temperature").asDouble(), "humidity is not a temperature");
    }

    @Test
    void shouldPlotInputRatesAndIgnoreWhatIsNotAJsonObject() {
        for (int i = 0; i < DashboardState.HISTORY_POINTS + 3; i++) {
            state.inputRate("iot", i);
        }
        state.inputRate("unknown", 5);
        state.accept("iot.alerts", null, NOW);
        JsonNode iot = state.snapshot(NOW).path("apps").path("iot");
        assertEquals(DashboardState.HISTORY_POINTS, iot.path("history").size());
        assertEquals(DashboardState.HISTORY_POINTS + 2, iot.path("eventsPerSecond").asDouble());
        assertEquals(1, state.records());
    }

    private static JsonNode json(String singleQuoted) throws Exception {
        return JSON.readTree(singleQuoted.replace('\'', '"'));
    }
}
