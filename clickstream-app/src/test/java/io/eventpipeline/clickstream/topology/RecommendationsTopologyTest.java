package io.eventpipeline.clickstream.topology;

import static io.eventpipeline.clickstream.topology.ClickstreamDriver.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.eventpipeline.clickstream.ClickstreamConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;

class RecommendationsTopologyTest {

    private static final ClickstreamConfig CONFIG = new ClickstreamConfig(Duration.ZERO, Duration.ofMinutes(5), 10,
            Duration.ofSeconds(10), 1_000, 1_000, 2, 6, "none", ClickstreamDriver.PREAGGREGATE);

    @Test
    void shouldCountPagesViewedTogetherInClosedSessions() {
        try (ClickstreamDriver d = new ClickstreamDriver(CONFIG)) {
            d.view("u1", "/a", T0);
            d.view("u1", "/b", T0.plusSeconds(1));
            d.view("u1", "/c", T0.plusSeconds(2));
            d.view("u2", "/b", T0.plusSeconds(3));
            d.view("u2", "/a", T0.plusSeconds(4));
            d.view("u2", "/a", T0.plusSeconds(5));
            d.view("u3", "/x", T0.plusSeconds(600)); // both sessions close

            KeyValueStore<String, RelatedPages> store = d.driver.getKeyValueStore(RecommendationsTopology.RELATED_STORE);
            assertEquals(List.of(new PageCount("/b", 2), new PageCount("/c", 1)), store.get("/a").top(2));
            assertEquals(List.of(new PageCount("/a", 2), new PageCount("/c", 1)), store.get("/b").top(2));
            assertEquals(List.of(new PageCount("/a", 1), new PageCount("/b", 1)), store.get("/c").top(5));
            assertNull(store.get("/x"), "a one-page session relates nothing (yet: its session is still open)");
        }
    }

    @Test
    void shouldKeepStateBoundedBySpaceSaving() {
        RelatedPages related = RelatedPages.empty(2).with("/a").with("/a").with("/b").with("/c");
        // Full at two candidates: /c takes /b's slot (the least co-viewed) and inherits its count.
        assertEquals(Map.of("/a", 2L, "/c", 2L), related.counts());
        assertEquals(List.of(new PageCount("/a", 2), new PageCount("/c", 2)), related.top(5));
    }
}
