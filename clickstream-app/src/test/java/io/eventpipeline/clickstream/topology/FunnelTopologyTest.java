package io.eventpipeline.clickstream.topology;

import static io.eventpipeline.clickstream.topology.ClickstreamDriver.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.eventpipeline.clickstream.ClickstreamConfig;
import io.eventpipeline.core.event.DashboardUpdate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FunnelTopologyTest {

    @Test
    void shouldPublishStageCountsAndConversionsOfAClosedMinute() {
        try (ClickstreamDriver d = new ClickstreamDriver(ClickstreamConfig.defaults())) {
            for (int i = 0; i < 8; i++) {
                d.view("u" + i, "/p/" + i, T0.plusSeconds(i));
            }
            d.cart("u1", "sku-1", T0.plusSeconds(20));
            d.cart("u2", "sku-2", T0.plusSeconds(21));
            d.cart("u3", "sku-3", T0.plusSeconds(22));
            d.cart("u4", "sku-4", T0.plusSeconds(23));
            d.purchase("u1", 10.0, T0.plusSeconds(40));
            d.view("u9", "/z", T0.plusSeconds(95)); // 10:01:35: the 10:00 minute and its grace have passed

            List<DashboardUpdate> funnel = d.panel(d.dashboard.readValuesToList(), "funnel-1m");
            assertEquals(1, funnel.size(), "one update per closed window: " + funnel);
            assertEquals(T0, funnel.get(0).windowStart());
            assertEquals(T0.plusSeconds(60), funnel.get(0).windowEnd());
            Map<String, Object> last = funnel.get(0).data();
            assertEquals(8L, ((Number) last.get("views")).longValue());
            assertEquals(4L, ((Number) last.get("carts")).longValue());
            assertEquals(1L, ((Number) last.get("purchases")).longValue());
            assertEquals(0.5, last.get("viewToCart"));
            assertEquals(0.25, last.get("cartToPurchase"));
            assertEquals(0.125, last.get("viewToPurchase"));
        }
    }
}
