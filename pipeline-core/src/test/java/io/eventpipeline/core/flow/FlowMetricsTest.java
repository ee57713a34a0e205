package io.eventpipeline.core.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.eventpipeline.core.metrics.PipelineMeters;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class FlowMetricsTest {

    private static final Map<String, Object> ORDER = Map.of("account", "acc-1", "amount", 5);

    @Test
    void shouldCountStartsEndsRetriesAndTimeoutsAndTimeEachStep() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (FlowDriver flows = new FlowDriver(new FlowMetrics(registry))) {
            // f1: reserve times out once, is retried after 1 s and succeeds 2 s later; place fails: reserve undone.
            flows.start("f1", ORDER);
            flows.command("reserve");
            flows.advance(Duration.ofSeconds(5));
            flows.advance(Duration.ofSeconds(1));
            FlowCommand retry = flows.command("reserve");
            flows.advance(Duration.ofSeconds(2));
            flows.succeed(retry, Map.of("reservation", "r-1"));
            flows.fail(flows.command("place"), "rejected");
            flows.succeed(flows.command("release"), Map.of());
            // f2: reserve fails at once: nothing to undo.
            flows.start("f2", ORDER);
            flows.fail(flows.command("reserve"), "no funds");

            assertEquals(2, count(registry, PipelineMeters.FLOWS_STARTED, "flow", "order"));
            assertEquals(1, count(registry, PipelineMeters.FLOWS_ENDED, "status", "compensated"));
            assertEquals(1, count(registry, PipelineMeters.FLOWS_ENDED, "status", "failed"));
            assertEquals(0, count(registry, PipelineMeters.FLOWS_ENDED, "status", "completed"), "there, at zero");
            assertEquals(1, count(registry, PipelineMeters.FLOW_STEP_TIMEOUTS, "step", "reserve"));
            assertEquals(1, count(registry, PipelineMeters.FLOW_STEP_RETRIES, "step", "reserve"));

            Timer reserved = registry.find(PipelineMeters.FLOW_STEP_LATENCY).tags("step", "reserve", "kind", "action",
                    "result", "succeeded").timer();
            assertEquals(1, reserved.count());
            assertEquals(8_000, reserved.totalTime(TimeUnit.MILLISECONDS), "from the first attempt, retries included");
            assertEquals(1, registry.find(PipelineMeters.FLOW_STEP_LATENCY).tags("step", "place", "result", "failed").timer().count());
            assertEquals(1, registry.find(PipelineMeters.FLOW_STEP_LATENCY).tags("step", "reserve", "kind", "compensation",
                    "result", "succeeded").timer().count());
            assertEquals(1, registry.find(PipelineMeters.FLOW_STEP_LATENCY).tags("step", "reserve", "kind", "action",
                    "result", "failed").timer().count());
        }
    }

    @Test
    void shouldHaveEveryCounterAtZeroBeforeTheFirstFlow() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (FlowDriver flows = new FlowDriver(new FlowMetrics(registry))) {
            assertEquals(0, count(registry, PipelineMeters.FLOWS_STARTED, "flow", "order"));
            for (String status : new String[] {"completed", "failed", "compensated"}) {
                assertNotNull(registry.find(PipelineMeters.FLOWS_ENDED).tags("flow", "order", "status", status).counter(), status);
            }
            assertNull(registry.find(PipelineMeters.FLOWS_ENDED).tag("status", "running").counter(), "only final statuses");
            assertNotNull(registry.find(PipelineMeters.FLOW_STEP_TIMEOUTS).tags("step", "reserve", "kind", "compensation").counter(),
                    "reserve is undone by release");
            assertNull(registry.find(PipelineMeters.FLOW_STEP_TIMEOUTS).tags("step", "notify", "kind", "compensation").counter(),
                    "notify has no compensation");
            assertNotNull(registry.find(PipelineMeters.FLOW_STEP_TIMEOUTS).tags("step", "fill", "kind", "action").counter(),
                    "a step that only waits can time out too");
            assertNotNull(registry.find(PipelineMeters.FLOW_STEP_RETRIES).tags("step", "place", "kind", "action").counter());
            assertEquals(0, registry.find(PipelineMeters.FLOWS_ENDED).counters().stream().mapToDouble(Counter::count).sum());
        }
    }

    @Test
    void shouldTimeAStepThatRanOutOfAttemptsAsGaveUp() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (FlowDriver flows = new FlowDriver(new FlowMetrics(registry))) {
            flows.start("f1", ORDER);
            flows.succeed(flows.command("reserve"), Map.of("reservation", "r-1"));
            flows.command("place");
            flows.advance(Duration.ofSeconds(5)); // place: two attempts, no backoff
            flows.command("place");
            flows.advance(Duration.ofSeconds(5));
            Timer gaveUp = registry.find(PipelineMeters.FLOW_STEP_LATENCY).tags("step", "place", "result", "gave_up").timer();
            assertEquals(1, gaveUp.count());
            assertEquals(10_000, gaveUp.totalTime(TimeUnit.MILLISECONDS));
            assertEquals(2, count(registry, PipelineMeters.FLOW_STEP_TIMEOUTS, "step", "place"));
            assertEquals(1, count(registry, PipelineMeters.FLOW_STEP_RETRIES, "step", "place"));
        }
    }

    private static double count(SimpleMeterRegistry registry, String name, String tag, String value) {
        return registry.find(name).tag(tag, value).counters().stream().mapToDouble(Counter::count).sum();
    }
}
