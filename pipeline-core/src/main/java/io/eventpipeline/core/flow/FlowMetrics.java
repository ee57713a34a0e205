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
 * percentile histogram, so p50/p99 can be computed across instances. The counters exist at zero from the
 * moment a coordinator runs ({@link #defined}), so dashboards and alerts see a rate of 0, not a missing
 * series, before the first flow ends. Thread-safe.
 */
public final class FlowMetrics implements FlowObserver {

    private final MeterRegistry registry;

    public FlowMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void defined(FlowDefinition definition) {
        String flow = definition.name();
        Counter.builder(PipelineMeters.FLOWS_STARTED).description("Flows started")
                .tag(PipelineMeters.TAG_FLOW, flow).register(registry);
        for (FlowStatus status : FlowStatus.values()) {
            if (status.isFinal()) {
                endedCounter(flow, status);
            }
        }
        for (FlowStep step : definition.steps()) {
            for (FlowStep.Kind kind : FlowStep.Kind.values()) {
                if (kind == FlowStep.Kind.ACTION || step.compensable()) {
                    stepCounter(PipelineMeters.FLOW_STEP_TIMEOUTS, "Step attempts that timed out", flow, step.name(), kind);
                    stepCounter(PipelineMeters.FLOW_STEP_RETRIES, "Steps sent again", flow, step.name(), kind);
                }
            }
        }
    }

    @Override
    public void started(String flow) {
        Counter.builder(PipelineMeters.FLOWS_STARTED).description("Flows started")
                .tag(PipelineMeters.TAG_FLOW, flow).register(registry).increment();
    }

    @Override
    public void ended(String flow, FlowStatus status) {
        endedCounter(flow, status).increment();
    }

    private Counter endedCounter(String flow, FlowStatus status) {
        return Counter.builder(PipelineMeters.FLOWS_ENDED).description("Flows ended, by final status")
                .tag(PipelineMeters.TAG_FLOW, flow).tag(PipelineMeters.TAG_STATUS, label(status.name()))
                .register(registry);
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
