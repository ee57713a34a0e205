package io.eventpipeline.core.streams.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eventpipeline.core.metrics.PipelineMetrics;
import io.micrometer.core.instrument.Timer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/** What the Kafka Streams producer's interceptor records for each record it sends. */
class OutboundInterceptorTest {

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void shouldCountOutputsTheirLatencyAndAlertsButNotInternalRecords() {
        try (PipelineMetrics metrics = new PipelineMetrics("test", "i1");
             OutboundInterceptor interceptor = new OutboundInterceptor()) {
            interceptor.configure(Map.of(InterceptorSettings.COUNTER, metrics, InterceptorSettings.INTERNAL_PREFIX, "test-app-"));
            long now = System.currentTimeMillis();
            interceptor.onSend(new ProducerRecord<>("test.alerts", null, now - 2_000, bytes("k"),
                    bytes("{\"alertId\":\"a1\",\"type\":\"BOT\",\"severity\":\"WARNING\"}")));
            interceptor.onSend(new ProducerRecord<>("test.alerts", null, now - 2_000, bytes("k"), bytes("not json")));
            interceptor.onSend(new ProducerRecord<>("test.dashboard", null, now - 120_000, bytes("k"), bytes("{}")));
            interceptor.onSend(new ProducerRecord<>("test-app-store-changelog", null, now - 5_000, bytes("k"), bytes("{}")));

            assertEquals(2, metrics.eventsOut("test.alerts"));
            assertEquals(1, metrics.alerts("BOT", "WARNING"), "a record that is not JSON is no alert");
            Timer alertLatency = metrics.outputLatency("test.alerts");
            assertEquals(2, alertLatency.count());
            assertTrue(alertLatency.totalTime(TimeUnit.MILLISECONDS) >= 4_000, "2 s each since their event time");
            assertTrue(metrics.outputLatency("test.dashboard").max(TimeUnit.SECONDS) >= 120);
            assertEquals(0, metrics.eventsOut("test-app-store-changelog"));
            assertNull(metrics.outputLatency("test-app-store-changelog"), "internal topics are not outputs");
            String scrape = metrics.scrape();
            assertTrue(scrape.contains("pipeline_alerts_total{app=\"test\",instance=\"i1\",severity=\"WARNING\",type=\"BOT\"} 1.0"), scrape);
            assertTrue(scrape.contains("pipeline_output_latency_seconds_bucket{app=\"test\",instance=\"i1\",topic=\"test.dashboard\",le=\"300.0\"} 1"), scrape);
        }
    }
}
