package io.eventpipeline.runner.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.apache.kafka.common.MetricName;
import org.junit.jupiter.api.Test;

class RecordsWrittenTest {

    private final FakeMetrics metrics = new FakeMetrics();

    @Test
    void shouldSumEachProducersSendsByKindOfTopic() {
        send("thread-1-producer", "pipeline-iot-iot-threshold-state-changelog", 300);
        send("thread-2-producer", "pipeline-iot-iot-threshold-state-changelog", 100);
        send("thread-1-producer", "pipeline-iot-iot-temperatures-by-room-repartition", 50);
        send("thread-1-producer", "iot.alerts", 7);
        send("thread-2-producer", "iot.dlq", 3);

        RecordsWritten written = RecordsWritten.of(metrics.asMap());
        assertEquals(400, written.changelog());
        assertEquals(50, written.repartition());
        assertEquals(10, written.other());
        assertEquals("2.00 changelog + 0.25 repartition + 0.05 other = 2.30", written.perEvent(200));
        assertEquals(List.of(Map.entry("pipeline-iot-iot-threshold-state-changelog", 2.0),
                        Map.entry("pipeline-iot-iot-temperatures-by-room-repartition", 0.25)),
                written.topicsPerEvent(200, 0.05));
    }

    @Test
    void shouldLeaveOutEveryOtherMetric() {
        send("thread-1-producer", "iot.alerts", 7);
        metrics.put(new MetricName(RecordsWritten.NAME, "producer-metrics", "", Map.of("client-id", "p")), 1_000);
        metrics.put(new MetricName("record-send-rate", RecordsWritten.GROUP, "", Map.of("client-id", "p", "topic", "iot.alerts")), 99);
        metrics.put(new MetricName(RecordsWritten.NAME, RecordsWritten.GROUP, "", Map.of("client-id", "p", "topic", "x")), "n/a");

        assertEquals(new RecordsWritten(Map.of("iot.alerts", 7.0)), RecordsWritten.of(metrics.asMap()));
    }

    private void send(String client, String topic, double count) {
        metrics.put(new MetricName(RecordsWritten.NAME, RecordsWritten.GROUP, "", Map.of("client-id", client, "topic", topic)), count);
    }
}
