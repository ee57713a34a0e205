package io.eventpipeline.runner.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.apache.kafka.common.MetricName;
import org.junit.jupiter.api.Test;

class ThreadTimesTest {

    private final FakeMetrics metrics = new FakeMetrics();

    @Test
    void shouldReadEachThreadsCommitAndPunctuationTimes() {
        thread("app-StreamThread-1", "commit-rate", 8.5);
        thread("app-StreamThread-1", "commit-latency-avg", 42.25);
        thread("app-StreamThread-1", "commit-latency-max", 130.0);
        thread("app-StreamThread-1", "punctuate-rate", 2.0);
        thread("app-StreamThread-1", "punctuate-latency-avg", 1.5);
        thread("app-StreamThread-1", "punctuate-latency-max", 4.0);
        thread("app-StreamThread-2", "commit-rate", 9.0);
        // Kafka Streams reports an average with no sample yet as NaN.
        thread("app-StreamThread-2", "commit-latency-avg", Double.NaN);

        ThreadTimes times = ThreadTimes.of(metrics.asMap());

        assertEquals(Map.of(
                "app-StreamThread-1", new ThreadTimes.Times(8.5, 42.25, 130, 2, 1.5, 4),
                "app-StreamThread-2", new ThreadTimes.Times(9, 0, 0, 0, 0, 0)), times.byThread());
        assertEquals("8.5 commits/s, 42.3 ms each (max 130); 2.0 punctuations/s, 1.5 ms each (max 4)",
                times.byThread().get("app-StreamThread-1").toString());
    }

    @Test
    void shouldLeaveOutOtherGroupsAndValues() {
        metrics.put(new MetricName("commit-rate", "stream-task-metrics", "", Map.of("thread-id", "t", "task-id", "0_0")), 3.0);
        metrics.put(new MetricName("commit-rate", ThreadTimes.GROUP, "", Map.of("client-id", "c")), 3.0);
        metrics.put(new MetricName("thread-start-time", ThreadTimes.GROUP, "", Map.of("thread-id", "t")), "n/a");

        assertEquals(Map.of(), ThreadTimes.of(metrics.asMap()).byThread());
    }

    private void thread(String thread, String name, double value) {
        metrics.put(new MetricName(name, ThreadTimes.GROUP, "", Map.of("thread-id", thread)), value);
    }
}
