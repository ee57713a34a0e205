package io.eventpipeline.runner.bench;

import io.eventpipeline.core.app.PipelineApp;
import io.eventpipeline.core.app.StreamsAppDefinition;
import io.eventpipeline.core.config.ConfigSource;
import io.eventpipeline.core.config.PipelineConfig;
import io.eventpipeline.core.flow.FlowStart;
import io.eventpipeline.core.reactive.EventSink;
import io.eventpipeline.core.reactive.Outbound;
import io.eventpipeline.core.reactive.ReactiveKafka;
import io.eventpipeline.core.reactive.SinkOptions;
import io.eventpipeline.core.topic.Topic;
import io.eventpipeline.core.topic.TopicAdmin;
import io.eventpipeline.runner.bench.FlowBenchApps.Work;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import reactor.core.publisher.Flux;

/**
 * The flow coordinator against the same work done choreographed ({@link FlowBenchApps}), on one broker
 * and machine, in one run:
 * <ol>
 *   <li>Throughput: {@code flows} units of work preloaded; each app (exactly-once) from a standing start
 *       until the last one has come out: completed flows/s.</li>
 *   <li>Latency at half the coordinated rate, live, for each app: start written to end read; and, for
 *       the coordinator, each step's latency from its command to the next command (or the outcome), both
 *       stamped by the coordinator.</li>
 * </ol>
 */
public final class FlowBenchmark {

    private final String bootstrap;
    private final Path workDir;
    private final PrintStream out;

    public FlowBenchmark(String bootstrap, Path workDir, PrintStream out) {
        this.bootstrap = bootstrap;
        this.workDir = workDir;
        this.out = out;
    }

    public void run(long flows, Duration latencyRun) throws Exception {
        Map<String, Object> client = Map.of("bootstrap.servers", bootstrap);
        StreamsAppDefinition coordinated = FlowBenchApps.coordinated();
        StreamsAppDefinition choreographed = FlowBenchApps.choreographed();
        PipelineConfig coordinatedConfig = config(coordinated);
        PipelineConfig choreographedConfig = config(choreographed);
        TopicAdmin.ensure(client, coordinated.topics(coordinatedConfig));
        TopicAdmin.ensure(client, choreographed.topics(choreographedConfig));
        out.printf(Locale.ROOT, "bench flows: %,d units of work of %d steps each, %d partitions%n", flows, FlowBenchApps.STEPS,
                FlowBenchApps.PARTITIONS);

        send(client, FlowBenchApps.STARTS, Flux.range(0, (int) flows).map(i -> start("load-" + i)));
        send(client, FlowBenchApps.WORK_IN, Flux.range(0, (int) flows).map(i -> work("load-" + i)));

        double coordinatedRate = throughput(coordinated, coordinatedConfig, FlowBenchApps.OUTCOMES, flows);
        double choreographedRate = throughput(choreographed, choreographedConfig, FlowBenchApps.WORK_DONE, flows);
        out.printf(Locale.ROOT, "%-46s %,10.0f flows/s%n", "coordinated (FlowCoordinator, exactly-once)", coordinatedRate);
        out.printf(Locale.ROOT, "%-46s %,10.0f flows/s%n", "choreographed (topic to topic, exactly-once)", choreographedRate);
        out.printf(Locale.ROOT, "%-46s %10.3f%n", "ratio coordinated / choreographed", coordinatedRate / choreographedRate);

        long rate = Math.max(1, (long) (coordinatedRate / 2));
        out.printf(Locale.ROOT, "latency at %,d flows/s (half the coordinated rate) for %d s:%n", rate, latencyRun.toSeconds());
        Percentiles coordinatedFlows = live(coordinated, coordinatedConfig, FlowBenchApps.STARTS, FlowBenchmark::start,
                FlowBenchApps.OUTCOMES, rate, latencyRun);
        printLatency("coordinated flow, start -> outcome", coordinatedFlows);
        stepLatencies().forEach((step, percentiles) -> printLatency("  step " + step + ", command -> next", percentiles));
        Percentiles choreographedFlows = live(choreographed, choreographedConfig, FlowBenchApps.WORK_IN, FlowBenchmark::work,
                FlowBenchApps.WORK_DONE, rate, latencyRun);
        printLatency("choreographed, start -> done", choreographedFlows);
    }

    private PipelineConfig config(StreamsAppDefinition app) {
        // The environment's settings apply (e.g. PIPELINE_STREAM_THREADS), except where the benchmark needs its own.
        ConfigSource source = ConfigSource.fromEnvironment()
                .with("bootstrap.servers", bootstrap)
                .with("state.dir", workDir.resolve(app.name()).toString())
                .with("http.host", "127.0.0.1").with("advertised.host", "127.0.0.1").with("http.port", "0");
        return PipelineConfig.load(app.name(), 0, source);
    }

    private static Outbound<String, FlowStart> start(String id) {
        return Outbound.of(id, new FlowStart(id, Map.of("id", id)));
    }

    private static Outbound<String, Work> work(String id) {
        return Outbound.of(id, new Work(id, Map.of("id", id)));
    }

    private static <V> void send(Map<String, Object> client, Topic<String, V> topic, Flux<Outbound<String, V>> records) {
        try (EventSink<String, V> sink = ReactiveKafka.sink(client, topic, SinkOptions.named("flow-bench"))) {
            long failed = sink.send(records).filter(result -> !result.ok()).count().block();
            if (failed > 0) {
                throw new IllegalStateException(failed + " records could not be written to " + topic.name());
            }
        }
    }

    /** Runs {@code app} until {@code count} records are on {@code output}; the rate from its start. */
    private double throughput(StreamsAppDefinition app, PipelineConfig config, String output, long count) throws Exception {
        long began = System.nanoTime();
        try (PipelineApp running = PipelineApp.start(app, config); KafkaConsumer<byte[], byte[]> consumer = consumer(output, true)) {
            long seen = 0;
            while (seen < count) {
                seen += consumer.poll(Duration.ofMillis(50)).count();
            }
            return count / ((System.nanoTime() - began) / 1e9);
        }
    }

    /** Live work at {@code rate} for {@code run}; the time from each start's write to its end's read. */
    private <V> Percentiles live(StreamsAppDefinition app, PipelineConfig config, Topic<String, V> input,
                                 Function<String, Outbound<String, V>> make, String output, long rate, Duration run)
            throws Exception {
        Map<String, Long> sentAt = new ConcurrentHashMap<>();
        Percentiles latencies = new Percentiles();
        long total = rate * run.toSeconds();
        try (PipelineApp running = PipelineApp.start(app, config)) {
            running.awaitReady(Duration.ofMinutes(2));
            AtomicBoolean reading = new AtomicBoolean(true);
            Thread reader = new Thread(() -> {
                try (KafkaConsumer<byte[], byte[]> consumer = consumer(output, false)) {
                    long done = 0;
                    long deadline = Long.MAX_VALUE;
                    while (done < total && System.currentTimeMillis() < deadline) {
                        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(20))) {
                            Long sent = sentAt.get(new String(record.key(), StandardCharsets.UTF_8));
                            if (sent != null) {
                                latencies.add(System.currentTimeMillis() - sent);
                                done++;
                            }
                        }
                        if (!reading.get() && deadline == Long.MAX_VALUE) {
                            deadline = System.currentTimeMillis() + 60_000;
                        }
                    }
                }
            }, "flow-latency-reader");
            reader.start();
            // Batches every 10 ms, so the rate holds without a timer per unit of work.
            long perTick = Math.max(1, rate / 100);
            send(config.clientProperties(), input, Flux.interval(Duration.ofMillis(10)).take(total / perTick)
                    .concatMapIterable(tick -> {
                        List<Outbound<String, V>> batch = new ArrayList<>();
                        for (long i = 0; i < perTick; i++) {
                            String id = "live-" + app.name() + "-" + (tick * perTick + i);
                            sentAt.put(id, System.currentTimeMillis());
                            batch.add(make.apply(id));
                        }
                        return batch;
                    }));
            reading.set(false);
            reader.join();
        }
        return latencies;
    }

    /**
     * Each step's latency in the live run, from the coordinator's own stamps: a step's command to the
     * flow's next command or its outcome.
     */
    private Map<String, Percentiles> stepLatencies() {
        Map<String, Map<String, Long>> stamps = new HashMap<>();
        List<String> topics = new ArrayList<>();
        for (int i = 1; i <= FlowBenchApps.STEPS; i++) {
            topics.add(FlowBenchApps.stepTopic("flowbench", i));
        }
        topics.add(FlowBenchApps.OUTCOMES);
        for (String topic : topics) {
            Map<String, Long> byFlow = new HashMap<>();
            try (KafkaConsumer<byte[], byte[]> consumer = consumer(topic, true)) {
                List<TopicPartition> partitions = new ArrayList<>(consumer.assignment());
                Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
                while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                    for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                        String flow = new String(record.key(), StandardCharsets.UTF_8);
                        if (flow.startsWith("live-")) {
                            byFlow.putIfAbsent(flow, record.timestamp());
                        }
                    }
                }
            }
            stamps.put(topic, byFlow);
        }
        Map<String, Percentiles> steps = new java.util.LinkedHashMap<>();
        for (int i = 0; i < FlowBenchApps.STEPS; i++) {
            Map<String, Long> sent = stamps.get(topics.get(i));
            Map<String, Long> next = stamps.get(topics.get(i + 1));
            Percentiles latencies = new Percentiles();
            sent.forEach((flow, at) -> {
                Long after = next.get(flow);
                if (after != null) {
                    latencies.add(after - at);
                }
            });
            steps.put("step-" + (i + 1), latencies);
        }
        return steps;
    }

    private void printLatency(String what, Percentiles latencies) {
        out.printf(Locale.ROOT, "  %-44s p50 %,6d ms   p99 %,6d ms   (%,d flows)%n", what, latencies.percentile(50),
                latencies.percentile(99), latencies.count());
    }

    /** A read-committed consumer of every partition of {@code topic}, from its start or its end. */
    private KafkaConsumer<byte[], byte[]> consumer(String topic, boolean fromStart) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(partitions);
        if (fromStart) {
            consumer.seekToBeginning(partitions);
        } else {
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position); // resolve the end now, before any live record is written
        }
        return consumer;
    }
}
