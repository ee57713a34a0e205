package io.eventpipeline.core.metrics;

import io.eventpipeline.core.errors.DeadLetterCounter;
import io.eventpipeline.core.errors.DeadLetterReason;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

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
    private final Map<String, Timer> latencyByTopic = new ConcurrentHashMap<>();
    private final Map<String, Counter> alerts = new ConcurrentHashMap<>();

    /** Output latency buckets: fast paths in milliseconds, windowed results in minutes. */
    private static final Duration[] LATENCY_BUCKETS = {
        Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
        Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
        Duration.ofMillis(2_500), Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30),
        Duration.ofMinutes(1), Duration.ofMinutes(2), Duration.ofMinutes(5), Duration.ofMinutes(10),
        Duration.ofMinutes(30), Duration.ofHours(1)};

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
    public void recordLatency(String topic, long millis) {
        latencyByTopic.computeIfAbsent(topic, t -> Timer.builder(PipelineMeters.OUTPUT_LATENCY)
                .description("From a record's event time to its write to a topic")
                .tag(PipelineMeters.TAG_TOPIC, t).serviceLevelObjectives(LATENCY_BUCKETS)
                .register(registry)).record(Math.max(0, millis), TimeUnit.MILLISECONDS);
    }

    @Override
    public void recordAlert(String type, String severity) {
        alerts.computeIfAbsent(type + "\u0000" + severity, k -> Counter.builder(PipelineMeters.ALERTS)
                .description("Alerts written").tag(PipelineMeters.TAG_TYPE, type)
                .tag(PipelineMeters.TAG_SEVERITY, severity).register(registry)).increment();
    }

    /** Output latencies recorded for {@code topic}, or {@code null} if none. */
    public Timer outputLatency(String topic) {
        return latencyByTopic.get(topic);
    }

    /** Alerts of {@code type} and {@code severity} written so far. */
    public double alerts(String type, String severity) {
        Counter counter = alerts.get(type + "\u0000" + severity);
        return counter == null ? 0 : counter.count();
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
