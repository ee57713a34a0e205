package io.eventpipeline.core.metrics;

import io.eventpipeline.core.errors.DeadLetterCounter;
import io.eventpipeline.core.errors.DeadLetterReason;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One app's meters: a Prometheus registry with the common tags {@code app} and {@code instance}, the JVM
 * and process binders, and the counters of {@link PipelineMeters} the core itself records. Apps bind
 * their own {@link io.micrometer.core.instrument.binder.MeterBinder}s to {@link #registry()}.
 *
 * <p>Thread-safe. Closing it closes the registry and any binders that hold resources.
 */
public final class PipelineMetrics implements DeadLetterCounter, TrafficCounter, AutoCloseable {

    private final PrometheusMeterRegistry registry;
    private final JvmGcMetrics gcMetrics;
    private final Map<String, Counter> inByTopic = new ConcurrentHashMap<>();
    private final Map<String, Counter> outByTopic = new ConcurrentHashMap<>();
    private final Map<DeadLetterReason, Counter> deadLetters = new ConcurrentHashMap<>();

    public PipelineMetrics(String app, String instance) {
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.config().commonTags(Tags.of(PipelineMeters.TAG_APP, app, PipelineMeters.TAG_INSTANCE, instance));
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
        gcMetrics = new JvmGcMetrics();
        gcMetrics.bindTo(registry);
    }

    /** The registry to bind meters to. */
    public MeterRegistry registry() {
        return registry;
    }

    /** Every meter in the Prometheus text exposition format. */
    public String scrape() {
        return registry.scrape();
    }

    @Override
    public void recordIn(String topic, int count) {
        inByTopic.computeIfAbsent(topic, t -> Counter.builder(PipelineMeters.EVENTS_IN)
                .description("Records read from a topic").tag(PipelineMeters.TAG_TOPIC, t).register(registry))
                .increment(count);
    }

    @Override
    public void recordOut(String topic, int count) {
        outByTopic.computeIfAbsent(topic, t -> Counter.builder(PipelineMeters.EVENTS_OUT)
                .description("Records written to a topic").tag(PipelineMeters.TAG_TOPIC, t).register(registry))
                .increment(count);
    }

    @Override
    public void increment(String app, DeadLetterReason reason) {
        deadLetters.computeIfAbsent(reason, r -> Counter.builder(PipelineMeters.DEAD_LETTERS)
                .description("Records sent to the dead-letter topic").tag(PipelineMeters.TAG_REASON, r.label())
                .register(registry)).increment();
    }

    /** Total records read from {@code topic} so far. */
    public double eventsIn(String topic) {
        Counter counter = inByTopic.get(topic);
        return counter == null ? 0 : counter.count();
    }

    /** Total records written to {@code topic} so far. */
    public double eventsOut(String topic) {
        Counter counter = outByTopic.get(topic);
        return counter == null ? 0 : counter.count();
    }

    /** Total dead letters for {@code reason} so far. */
    public double deadLetters(DeadLetterReason reason) {
        Counter counter = deadLetters.get(reason);
        return counter == null ? 0 : counter.count();
    }

    /** Records read from every external topic so far. */
    public double totalIn() {
        return inByTopic.values().stream().mapToDouble(Counter::count).sum();
    }

    /** Records written to every external topic so far, dead letters included. */
    public double totalOut() {
        return outByTopic.values().stream().mapToDouble(Counter::count).sum();
    }

    /** Dead letters of every reason so far. */
    public double totalDeadLetters() {
        return deadLetters.values().stream().mapToDouble(Counter::count).sum();
    }

    @Override
    public void close() {
        gcMetrics.close();
        registry.close();
    }
}
