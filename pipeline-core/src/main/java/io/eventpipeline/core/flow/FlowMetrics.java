package io.eventpipeline.core.flow;

import io.eventpipeline.core.metrics.PipelineMeters;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Locale;

/**
 * The coordinator's meters ({@link PipelineMeters#FLOWS_STARTED}, {@link PipelineMeters#FLOWS_ENDED},
 * {@link PipelineMeters#FLOW_STEP_LATENCY}, {@link PipelineMeters#FLOW_STEP_TIMEOUTS},
 * {@link PipelineMeters#FLOW_STEP_RETRIES}) on the registry it is handed. Step latency is a timer with a
 * percentile histogram, so p50/p99 can be computed across instances. Thread-safe.
 */
public final class FlowMetrics implements FlowObserver {

    private final MeterRegistry registry;

    public FlowMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void started(String flow) {
        Counter.builder(PipelineMeters.FLOWS_STARTED).description("Flows started")
                .tag(PipelineMeters.TAG_FLOW, flow).register(registry).increment();
    }

    @Override
    public void ended(String flow, FlowStatus status) {
        Counter.builder(PipelineMeters.FLOWS_ENDED).description("Flows ended, by final status")
                .tag(PipelineMeters.TAG_FLOW, flow).tag(PipelineMeters.TAG_STATUS, label(status.name()))
                .register(registry).increment();
    }

    @Override
    public void stepEnded(String flow, String step, FlowStep.Kind kind, String result, Duration latency) {
        Timer.builder(PipelineMeters.FLOW_STEP_LATENCY)
                .description("Time from a step's first command to the end of its wait, retries included")
                .tag(PipelineMeters.TAG_FLOW, flow).tag(PipelineMeters.TAG_STEP, step)
                .tag(PipelineMeters.TAG_KIND, label(kind.name())).tag(PipelineMeters.TAG_RESULT, result)
                .publishPercentileHistogram().register(registry).record(latency);
    }

    @Override
    public void timedOut(String flow, String step, FlowStep.Kind kind) {
        stepCounter(PipelineMeters.FLOW_STEP_TIMEOUTS, "Step attempts that timed out", flow, step, kind).increment();
    }

    @Override
    public void retried(String flow, String step, FlowStep.Kind kind) {
        stepCounter(PipelineMeters.FLOW_STEP_RETRIES, "Steps sent again", flow, step, kind).increment();
    }

    private Counter stepCounter(String name, String description, String flow, String step, FlowStep.Kind kind) {
        return Counter.builder(name).description(description).tag(PipelineMeters.TAG_FLOW, flow)
                .tag(PipelineMeters.TAG_STEP, step).tag(PipelineMeters.TAG_KIND, label(kind.name())).register(registry);
    }

    private static String label(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
