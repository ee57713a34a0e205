package io.eventpipeline.clickstream.topology;

import static io.eventpipeline.clickstream.topology.ClickstreamDriver.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.eventpipeline.clickstream.ClickstreamConfig;
import io.eventpipeline.clickstream.metrics.ClickstreamMeters;
import io.eventpipeline.core.query.LocalStores;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import org.apache.kafka.streams.state.QueryableStoreType;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.junit.jupiter.api.Test;

/** The clickstream business gauges read the newest ended minute from the topology's stores. */
class ClickstreamMetersTest {

    @Test
    void shouldReportTheTopPagesAndTheFunnelOfTheNewestEndedMinute() {
        try (ClickstreamDriver d = new ClickstreamDriver(ClickstreamConfig.defaults())) {
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            // 10:01:30: the 10:00 minute has ended, the 10:01 minute has not.
            ClickstreamMeters meters = new ClickstreamMeters(registry, Clock.fixed(T0.plusSeconds(90), ZoneOffset.UTC));
            for (int i = 0; i < 8; i++) {
                d.view("u" + i, i < 5 ? "/home" : "/p/" + i, T0.plusSeconds(i));
            }
            d.cart("u1", "sku-1", T0.plusSeconds(20));
            d.cart("u2", "sku-2", T0.plusSeconds(21));
            d.purchase("u1", 10.0, T0.plusSeconds(40));
            d.view("u9", "/z", T0.plusSeconds(95)); // closes the 10:00 minute and its grace

            meters.refresh(stores(d));

            assertEquals(5.0, registry.get(ClickstreamMeters.TOP_PAGE_VIEWS).tag("page", "/home").gauge().value());
            assertEquals(1.0, registry.get(ClickstreamMeters.TOP_PAGE_VIEWS).tag("page", "/p/7").gauge().value());
            assertEquals(4, registry.get(ClickstreamMeters.TOP_PAGE_VIEWS).gauges().size(), "/home, /p/5, /p/6, /p/7");
            assertEquals(8.0, registry.get(ClickstreamMeters.FUNNEL_EVENTS).tag("stage", "view").gauge().value());
            assertEquals(2.0, registry.get(ClickstreamMeters.FUNNEL_EVENTS).tag("stage", "cart").gauge().value());
            assertEquals(1.0, registry.get(ClickstreamMeters.FUNNEL_EVENTS).tag("stage", "purchase").gauge().value());
            assertEquals(0.125, registry.get(ClickstreamMeters.FUNNEL_CONVERSION).gauge().value());
            // No session has ended (the gap is 30 minutes): no rate to report.
            assertEquals(Double.NaN, registry.get(ClickstreamMeters.BOUNCE_RATE).gauge().value());
        }
    }

    @Test
    void shouldReportTheSessionsThatEndedInTheNewestEndedMinute() {
        ClickstreamConfig config = new ClickstreamConfig(Duration.ZERO, Duration.ofMinutes(5), 10, Duration.ofSeconds(10),
                1_000, 1_000, 10, 6, "none", ClickstreamDriver.PREAGGREGATE);
        try (ClickstreamDriver d = new ClickstreamDriver(config)) {
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            ClickstreamMeters meters = new ClickstreamMeters(registry, Clock.fixed(T0.plusSeconds(1_000), ZoneOffset.UTC));
            d.view("bouncer", "/a", T0.plusSeconds(5));
            d.view("buyer", "/p/1", T0.plusSeconds(10));
            d.cart("buyer", "sku-1", T0.plusSeconds(20));
            d.purchase("buyer", 12.5, T0.plusSeconds(30));
            d.view("late", "/z", T0.plusSeconds(700)); // both sessions (ended 10:00:05 and 10:00:30) close

            meters.refresh(stores(d));

            assertEquals(2.0, registry.get(ClickstreamMeters.SESSIONS_ENDED).gauge().value());
            assertEquals(0.5, registry.get(ClickstreamMeters.BOUNCE_RATE).gauge().value());
            assertEquals(0.5, registry.get(ClickstreamMeters.SESSION_CONVERSION).gauge().value());
        }
    }

    static LocalStores stores(ClickstreamDriver d) {
        return new LocalStores() {
            @Override
            @SuppressWarnings("unchecked")
            public <T> T store(String name, QueryableStoreType<T> type) {
                if (type instanceof QueryableStoreTypes.TimestampedKeyValueStoreType) {
                    return (T) d.driver.getTimestampedKeyValueStore(name);
                }
                if (type instanceof QueryableStoreTypes.KeyValueStoreType) {
                    return (T) d.driver.getKeyValueStore(name);
                }
                return (T) d.driver.getWindowStore(name);
            }
        };
    }

}
