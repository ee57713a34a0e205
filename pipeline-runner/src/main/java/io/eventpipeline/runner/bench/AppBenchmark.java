package io.eventpipeline.runner.bench;

import com.ethlo.time.ITU;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.eventpipeline.core.app.PipelineApp;
import io.eventpipeline.core.app.StreamsAppDefinition;
import io.eventpipeline.core.config.ConfigSource;
import io.eventpipeline.core.config.PipelineConfig;
import io.eventpipeline.core.generator.AppGenerator;
import io.eventpipeline.core.generator.EventFactory;
import io.eventpipeline.core.generator.EventGenerator;
import io.eventpipeline.core.generator.GeneratorFeedback;
import io.eventpipeline.core.generator.GeneratorSeed;
import io.eventpipeline.core.generator.GeneratorSpec;
import io.eventpipeline.core.generator.SteppingClock;
import io.eventpipeline.core.reactive.EventSink;
import io.eventpipeline.core.reactive.Outbound;
import io.eventpipeline.core.reactive.ReactiveKafka;
import io.eventpipeline.core.reactive.SinkOptions;
import io.eventpipeline.core.streams.StreamsSettings;
import io.eventpipeline.core.topic.GroupProgress;
import io.eventpipeline.core.topic.TopicAdmin;
import io.eventpipeline.core.topic.TopicSpec;
import io.eventpipeline.core.trace.TraceContext;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import reactor.core.scheduler.Schedulers;

/**
 * An app against a plain consumer on the same machine and broker.
 *
 * <ol>
 *   <li>Preload {@code events} generated events, {@code eventStep} apart in event time (1 ms by default: a
 *       backlog of real-looking traffic). The step decides how much of the app's work is per window rather
 *       than per event: at 1 ms, each of 100,000 devices reads once per 100 s of event time and 1,000 symbols
 *       close a minute every 60,000 ticks; a feed at 100,000 events/s has a device read every second and a
 *       minute close every 6,000,000 ticks.</li>
 *   <li>Raw rate: a plain {@link KafkaConsumer} reads the backlog, bytes only.</li>
 *   <li>Kafka Streams rates: plain Kafka Streams apps ({@link StreamsBaseline}) with the app's Kafka Streams
 *       settings read the same backlog, each a cost more than the one before: pass-through, a store put per
 *       record, JSON in and out, after an unmeasured run of each. What they leave to the app's rate is the
 *       app's own processing.</li>
 *   <li>App rate: the app (exactly-once, every processor and its archive) consumes the same backlog from a
 *       standing start; the rate is the backlog over the time until its group has committed the end of the
 *       input and then of every topic it reads (its repartition topics too: records still queued between
 *       sub-topologies are work not yet done). The process's resident memory is read then, and the records
 *       its producers wrote per input event ({@link RecordsWritten}): each is a send, a broker append and,
 *       for a changelog, a state store write.</li>
 *   <li>Latency at half the app rate: live traffic with event time = now, first for a warm-up with no
 *       samples taken (the live path's first records meet cold code and new producer batches), then for the
 *       run: for each record of each output topic (alerts, dashboard, signals, …), the time it is read minus
 *       the time the generator made the event that caused it (found through the record's causation header).
 *       Events the generator stamps earlier than it made them (late or out of order on purpose) are left
 *       out: their event time is not when they were made.</li>
 * </ol>
 * Each catch-up (baselines and app) also prints the CPU time it took per event, in this JVM and in the
 * broker's ({@link CpuMeter}): a rate depends on what else the machine is doing, CPU per event less (though
 * on a shared 2-core machine it too varied by up to a third between runs of the same code).
 * The generator, the app and the latency reader share one JVM, and the broker shares the machine.
 */
public final class AppBenchmark {

    private static final JsonFactory JSON = new JsonFactory();
    private static final Duration BASELINE_CLOSE = Duration.ofSeconds(60);

    /** How long the benchmark waits for the repartition topics once the input is committed. */
    private static final Duration DRAIN_LIMIT = Duration.ofMinutes(2);

    /** Where the Kafka Streams baselines write. */
    static final String BASELINE_OUTPUT = "bench.baseline";

    /** How long each Kafka Streams baseline runs unmeasured (group join included) before the measured runs. */
    private static final Duration BASELINE_WARM_UP = Duration.ofSeconds(8);

    private final String bootstrap;
    private final Path workDir;
    private final PrintStream out;
    private final CpuMeter cpu;

    /**
     * @param brokerPid the broker's process id when it runs on this machine, so its CPU time is counted too
     */
    public AppBenchmark(String bootstrap, Path workDir, PrintStream out, OptionalLong brokerPid) {
        this.bootstrap = bootstrap;
        this.workDir = workDir;
        this.out = out;
        this.cpu = new CpuMeter(brokerPid);
    }

    /**
     * @param app the app
     * @param generator its generator
     * @param traffic the generator's options
     * @param events events in the backlog
     * @param eventStep event time between one backlog event and the next
     * @param latencyRun how long latency samples are taken
     * @param warmUp how long the live traffic runs before that
     */
    public void run(StreamsAppDefinition app, AppGenerator<String, byte[]> generator, Map<String, String> traffic,
                    long events, Duration eventStep, Duration latencyRun, Duration warmUp) throws Exception {
        Map<String, Object> client = Map.of("bootstrap.servers", bootstrap);
        // The environment's settings apply (e.g. PIPELINE_STREAM_THREADS), except where the benchmark needs its own.
        ConfigSource source = ConfigSource.fromEnvironment()
                .with("bootstrap.servers", bootstrap)
                .with("state.dir", workDir.resolve("state").toString())
                .with("http.host", "127.0.0.1").with("advertised.host", "127.0.0.1").with("http.port", "0")
                .with(app.name() + ".archive.dir", workDir.resolve("archive").toString());
        PipelineConfig config = PipelineConfig.load(app.name(), 0, source);
        List<TopicSpec> topics = app.topics(config);
        TopicAdmin.ensure(client, topics);
        String input = generator.topic().name();
        // Outputs are what the app writes: every topic it declares but its input, the seeded ones and its dead letters.
        Set<String> notOutputs = new HashSet<>(List.of(input, app.deadLetterTopic()));
        for (GeneratorSeed<?, ?> seed : generator.seeds(traffic)) {
            seed.writeTo(client);
            notOutputs.add(seed.topic().name());
        }
        // The seeds are asked for once: a million devices' registry entries need not stay on the heap beside the app.
        List<String> outputs = topics.stream().map(TopicSpec::name).filter(name -> !notOutputs.contains(name)).toList();

        Duration span = eventStep.multipliedBy(events);
        out.printf(Locale.ROOT, "bench %s: %,d events preloaded on %s over %,.1f s of event time (%,.0f a second), generator %s%n",
                app.name(), events, input, span.toNanos() / 1e9, 1e9 / eventStep.toNanos(), traffic);
        Instant start = Instant.now().minus(span).minus(Duration.ofMinutes(5)).truncatedTo(ChronoUnit.MINUTES);
        try (EventSink<String, byte[]> sink = ReactiveKafka.sink(client, generator.topic(), SinkOptions.named("bench-preload"))) {
            EventFactory<String, byte[]> factory = generator.factory(traffic);
            new EventGenerator<>(GeneratorSpec.of("preload", 0).withCount(events), factory,
                    new SteppingClock(start, eventStep), Schedulers.parallel()).run(sink).block();
        }

        double raw = rawConsumerRate(input, events);
        out.printf(Locale.ROOT, "%-44s %,12.0f events/s%n", "plain KafkaConsumer (bytes only)", raw);
        int partitions = topics.stream().filter(t -> t.name().equals(input)).findFirst()
                .map(TopicSpec::partitions).orElseThrow();
        TopicAdmin.ensure(client, List.of(TopicSpec.of(BASELINE_OUTPUT, partitions)));
        // Unmeasured first: measured from a cold JVM, the first baseline paid for the warm-up of all three
        // (JSON in and out measured faster than a store put alone in two runs of three).
        for (StreamsBaseline baseline : StreamsBaseline.values()) {
            warmUp(baseline, config, input);
        }
        for (StreamsBaseline baseline : StreamsBaseline.values()) {
            baseline(baseline, config, input, events, raw);
        }

        CpuMeter.Reading cpuBefore = cpu.read();
        AllocationMeter allocation = new AllocationMeter(config.applicationId());
        long allocatedBefore = allocation.read(); // normally 0: the app's threads start with it
        long began = System.nanoTime();
        try (PipelineApp running = PipelineApp.start(app, config)) {
            running.awaitReady(Duration.ofMinutes(2));
            long ready = System.nanoTime();
            CatchUp catchUp = awaitCommitted(config.applicationId(), input, events);
            CpuMeter.Reading cpuAfter = cpu.read();
            long allocatedAfter = allocation.read();
            double appRate = events / ((catchUp.end() - began) / 1e9);
            out.printf(Locale.ROOT, "%-44s %,12d records queued between sub-topologies when the input was committed,"
                    + " read %.1f s later%s%n", "repartition topics", catchUp.queued(), (catchUp.end() - catchUp.inputDone()) / 1e9,
                    catchUp.drained() ? "" : " (not all: the wait ended after " + DRAIN_LIMIT.toSeconds() + " s)");
            out.printf(Locale.ROOT, "%-44s %,12.0f events/s%n",
                    app.name() + " app (" + config.guarantee().streamsValue() + ", all processors)", appRate);
            out.printf(Locale.ROOT, "%-44s %12.3f%n", "ratio app / plain consumer", appRate / raw);
            // The whole-run rate includes start-up (topics, group join, warm-up); the steady rate leaves out
            // everything before the first tenth of the backlog was committed.
            out.printf(Locale.ROOT, "%-44s %,12.1f s to running, %,.1f s to the first tenth committed%n", "start-up",
                    (ready - began) / 1e9, (catchUp.firstTenth() - began) / 1e9);
            double steadyRate = catchUp.steadyRate();
            out.printf(Locale.ROOT, "%-44s %,12.0f events/s (ratio %.3f)%n", "app rate after the first tenth", steadyRate,
                    steadyRate / raw);
            out.printf(Locale.ROOT, "%-44s %s%n", "cpu per event", cpuAfter.perEventSince(cpuBefore, events));
            out.printf(Locale.ROOT, "%-44s %s%n", "heap allocated per event",
                    AllocationMeter.perEvent(allocatedAfter - allocatedBefore, events));
            RecordsWritten written = RecordsWritten.of(running.streams().streams().metrics());
            out.printf(Locale.ROOT, "%-44s %s%n", "records written per event", written.perEvent(events));
            written.topicsPerEvent(events, 0.05).forEach(topic ->
                    out.printf(Locale.ROOT, "  %-42s %12.2f%n", topic.getKey(), topic.getValue()));
            out.printf(Locale.ROOT, "%-44s %,12d MiB (heap used %,d MiB, RocksDB budget %,d MiB)%n", "process resident memory",
                    residentMemoryMib(), usedHeapMib(), config.rocksDbMemoryBytes() / (1024 * 1024));

            long halfRate = Math.max(1, (long) (appRate / 2));
            long allocatedLive = allocation.read();
            long live = latency(client, config.applicationId(), outputs, generator, traffic, halfRate, latencyRun, warmUp);
            // Live, producer batches hold few records: what each batch costs weighs more per event than in a catch-up.
            out.printf(Locale.ROOT, "  %-42s %s%n", "heap allocated per event",
                    AllocationMeter.perEvent(allocation.read() - allocatedLive, live));
            // An exactly-once output is visible once its transaction commits: what the commits took explains the latency.
            out.printf(Locale.ROOT, "stream threads in the last minute:%n");
            ThreadTimes.of(running.streams().streams().metrics()).byThread().forEach((thread, times) ->
                    out.printf(Locale.ROOT, "  %-20s %s%n", thread.substring(Math.max(0, thread.indexOf("StreamThread"))), times));
        }
    }

    /** Runs one plain Kafka Streams app on the backlog for {@link #BASELINE_WARM_UP}, under its own group, unmeasured. */
    private void warmUp(StreamsBaseline baseline, PipelineConfig config, String input) {
        whileRunning(baseline, config, input, baseline.applicationId() + "-warm-up", () -> {
            LockSupport.parkNanos(BASELINE_WARM_UP.toNanos());
            return null;
        });
    }

    /**
     * Runs one plain Kafka Streams app on the backlog, with the app's Kafka Streams settings, until its group
     * has committed the end of the input, and prints its rates.
     */
    private void baseline(StreamsBaseline baseline, PipelineConfig config, String input, long events, double raw) {
        CpuMeter.Reading cpuBefore = cpu.read();
        long began = System.nanoTime();
        // CPU is read once caught up, before the close: the app's is read the same way.
        CpuMeter.Reading[] cpuAfter = new CpuMeter.Reading[1];
        CatchUp catchUp = whileRunning(baseline, config, input, baseline.applicationId(), () -> {
            CatchUp caughtUp = awaitCommitted(baseline.applicationId(), input, events);
            cpuAfter[0] = cpu.read();
            return caughtUp;
        });
        double rate = events / ((catchUp.end() - began) / 1e9);
        out.printf(Locale.ROOT, "%-44s %,12.0f events/s (ratio %.3f), after the first tenth %,.0f events/s (ratio %.3f)%n",
                baseline.label(), rate, rate / raw, catchUp.steadyRate(), catchUp.steadyRate() / raw);
        out.printf(Locale.ROOT, "  %-42s %s%n", "cpu per event", cpuAfter[0].perEventSince(cpuBefore, events));
    }

    /**
     * Runs {@code baseline} on {@code input} as {@code applicationId} while {@code during} runs, then closes it
     * and deletes its local state.
     */
    private <T> T whileRunning(StreamsBaseline baseline, PipelineConfig config, String input, String applicationId,
                               Supplier<T> during) {
        Properties props = StreamsSettings.base(config);
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        props.put(StreamsConfig.CLIENT_ID_CONFIG, applicationId);
        Path baselineDir = workDir.resolve("baseline").toAbsolutePath();
        props.put(StreamsConfig.STATE_DIR_CONFIG, baselineDir.toString());
        try (KafkaStreams streams = new KafkaStreams(baseline.topology(input, BASELINE_OUTPUT), props)) {
            streams.start();
            T result = during.get();
            // A baseline left closing would share the CPU with the next.
            long closing = System.nanoTime();
            if (!streams.close(BASELINE_CLOSE)) {
                streams.close();
                out.printf(Locale.ROOT, "  (%s took %.0f s to close)%n", applicationId, (System.nanoTime() - closing) / 1e9);
            }
            // Its whole state directory: cleanUp() leaves the lock and process-id files, and warns that it could not.
            deleteState(baselineDir.resolve(applicationId));
            return result;
        }
    }

    private static void deleteState(Path dir) {
        try {
            Utils.delete(dir.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the baseline's state in " + dir, e);
        }
    }

    /** VmRSS of this process, from /proc (Linux), or -1. */
    private static long residentMemoryMib() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    private static long usedHeapMib() {
        Runtime runtime = Runtime.getRuntime();
        return (runtime.totalMemory() - runtime.freeMemory()) / (1024 * 1024);
    }

    private double rawConsumerRate(String topic, long events) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (var consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long read = 0;
            long begin = System.nanoTime();
            while (read < events) {
                read += consumer.poll(Duration.ofMillis(100)).count();
            }
            return read / ((System.nanoTime() - begin) / 1e9);
        }
    }

    /**
     * Waits until the group has committed the end of the topic, then of every topic it reads (for at most
     * {@link #DRAIN_LIMIT}).
     *
     * @param events the backlog
     */
    private CatchUp awaitCommitted(String group, String topic, long events) {
        // One admin client for the whole wait: creating one per poll would load the machine being measured.
        try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", bootstrap))) {
            long firstTenth = -1;
            long lagAtFirstTenth = 0;
            long lag;
            while ((lag = GroupProgress.lag(admin, group, topic)) > 0) {
                if (firstTenth < 0 && lag <= events - events / 10) {
                    firstTenth = System.nanoTime();
                    lagAtFirstTenth = lag;
                }
                LockSupport.parkNanos(Duration.ofMillis(250).toNanos());
            }
            long inputDone = System.nanoTime();
            long queued = GroupProgress.totalLag(admin, group);
            long left = queued;
            while (left > 0 && System.nanoTime() - inputDone < DRAIN_LIMIT.toNanos()) {
                LockSupport.parkNanos(Duration.ofMillis(250).toNanos());
                left = GroupProgress.totalLag(admin, group);
            }
            long end = System.nanoTime();
            return new CatchUp(firstTenth < 0 ? end : firstTenth, inputDone, end, lagAtFirstTenth, queued, left == 0);
        }
    }

    /**
     * When a backlog was caught up.
     *
     * @param firstTenth when the first committed input lag at or below nine tenths of the backlog was seen (nanoTime)
     * @param inputDone when the input's lag was first seen at zero (nanoTime)
     * @param end when the lag on every topic the app reads was first seen at zero, or the wait for it ended (nanoTime)
     * @param lagAtFirstTenth the input's lag at {@code firstTenth}: what was left for the steady part
     * @param queued records on the app's other topics not yet read at {@code inputDone}
     * @param drained whether they had all been read at {@code end}
     */
    record CatchUp(long firstTenth, long inputDone, long end, long lagAtFirstTenth, long queued, boolean drained) {

        /** Events per second between the first tenth and the end, or 0 when the lag went to zero at once. */
        double steadyRate() {
            return end > firstTenth ? lagAtFirstTenth / ((end - firstTenth) / 1e9) : 0;
        }
    }

    /** Measures the latency of every output at {@code rate}; returns the events sent. */
    private long latency(Map<String, Object> client, String group, List<String> outputs, AppGenerator<String, byte[]> generator,
                         Map<String, String> traffic, long rate, Duration run, Duration warmUp) throws Exception {
        MadeTimes madeAt = new MadeTimes();
        Map<String, OutputLatency> latencies = new java.util.LinkedHashMap<>();
        outputs.forEach(topic -> latencies.put(topic, new OutputLatency(new Percentiles(), new SlowSeconds())));
        AtomicBoolean reading = new AtomicBoolean(true);
        String input = generator.topic().name();
        Thread reader = new Thread(() -> readOutputs(latencies, input, madeAt, reading), "latency-reader");
        reader.start();
        // Whether the app kept up: a latency far above the commit interval with a growing lag is a backlog, not a delay.
        AtomicLong maxLag = new AtomicLong();
        AtomicLong lastLag = new AtomicLong();
        AtomicLong failedReads = new AtomicLong();
        AtomicReference<String> lastFailure = new AtomicReference<>();
        // Latency samples and the lag's maximum both count from the end of the warm-up.
        long samplesFrom = System.currentTimeMillis() + warmUp.toMillis();
        Thread lagReader = new Thread(() -> readLag(group, generator.topic().name(), samplesFrom, reading, maxLag, lastLag,
                failedReads, lastFailure),
                "lag-reader");
        lagReader.start();
        // Each event's making time, from the factory's call to its send result. An event stamped before it was made
        // (late or out of order on purpose: up to 3 s for the market's ticks) is no latency sample.
        Map<Outbound<String, byte[]>, Long> made = new ConcurrentHashMap<>();
        AtomicLong sent = new AtomicLong();
        EventFactory<String, byte[]> events = generator.factory(traffic);
        EventFactory<String, byte[]> factory = new EventFactory<>() {
            @Override
            public Outbound<String, byte[]> next(long sequence, SplittableRandom random, Instant now) {
                Outbound<String, byte[]> event = events.next(sequence, random, now);
                long at = now.toEpochMilli();
                if (at >= samplesFrom && onTime(event.value(), at)) {
                    made.put(event, at);
                }
                return event;
            }

            @Override
            public List<GeneratorFeedback<?, ?>> feedback() {
                return events.feedback();
            }
        };
        try (EventSink<String, byte[]> sink = ReactiveKafka.sink(client, generator.topic(), SinkOptions.named("bench-live"))) {
            new EventGenerator<>(GeneratorSpec.of("live", rate).withDuration(warmUp.plus(run)), factory, Clock.systemUTC(),
                    Schedulers.parallel())
                    .events()
                    .as(sink::send)
                    .doOnNext(r -> {
                        sent.incrementAndGet();
                        Long at = made.remove(r.record());
                        if (at != null && r.ok()) {
                            madeAt.put(r.partition(), r.offset(), at);
                        }
                    })
                    .blockLast();
            // Let the last windows of the run close and their records arrive.
            LockSupport.parkNanos(Duration.ofSeconds(5).toNanos());
        } finally {
            reading.set(false);
            reader.join();
            lagReader.join();
        }
        out.printf(Locale.ROOT, "latency at %,d events/s (half the app rate) for %d s after a %d s warm-up, made -> read:%n", rate,
                run.toSeconds(), warmUp.toSeconds());
        latencies.forEach((topic, latency) -> out.printf(Locale.ROOT, "  %-20s p50 %,6d ms   p99 %,6d ms   (%,d records)%n",
                topic, latency.percentiles().percentile(50), latency.percentiles().percentile(99),
                latency.percentiles().count()));
        latencies.forEach((topic, latency) -> {
            String slowest = latency.seconds().describe(3);
            if (!slowest.isEmpty()) {
                out.printf(Locale.ROOT, "  %-20s slowest seconds read (UTC): %s%n", topic, slowest);
            }
        });
        out.printf(Locale.ROOT, "  %-20s max %,d events while sampled, %,d at the end (read once a second)%s%n", "input lag (committed)",
                maxLag.get(), lastLag.get(), failedReads.get() == 0 ? ""
                        : String.format(Locale.ROOT, "; %,d reads failed, the last with %s", failedReads.get(), lastFailure.get()));
        return sent.get();
    }

    /** Reads the app's committed lag on {@code input} once a second; the maximum counts from {@code from} (epoch ms). */
    private void readLag(String group, String input, long from, AtomicBoolean reading, AtomicLong maxLag, AtomicLong lastLag,
                         AtomicLong failedReads, AtomicReference<String> lastFailure) {
        try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", bootstrap))) {
            while (reading.get()) {
                try {
                    long lag = GroupProgress.lag(admin, group, input);
                    lastLag.set(lag);
                    // The warm-up's start, right after the catch-up, is no part of what the samples measure.
                    if (System.currentTimeMillis() >= from) {
                        maxLag.accumulateAndGet(lag, Math::max);
                    }
                } catch (RuntimeException e) {
                    // One failed read (a broker busy past the admin timeout) leaves a gap, and is said so; the next goes on.
                    failedReads.incrementAndGet();
                    lastFailure.set(e.toString());
                }
                LockSupport.parkNanos(Duration.ofSeconds(1).toNanos());
            }
        }
    }

    private void readOutputs(Map<String, OutputLatency> latencies, String input, MadeTimes madeAt, AtomicBoolean reading) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (var consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new java.util.ArrayList<>();
            for (String topic : latencies.keySet()) {
                consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            while (reading.get()) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(50))) {
                    long now = System.currentTimeMillis();
                    TraceContext.causation(record.headers()).ifPresent(causation -> madeAt.forCausation(input, causation)
                            .ifPresent(made -> latencies.get(record.topic()).add(now, now - made)));
                }
            }
        }
    }

    /** One output topic's latency samples: their percentiles, and the seconds they were read in. */
    private record OutputLatency(Percentiles percentiles, SlowSeconds seconds) {

        /** A sample of {@code millis} read at {@code readAt} (epoch ms). */
        void add(long readAt, long millis) {
            percentiles.add(millis);
            seconds.add(readAt, millis);
        }
    }

    /**
     * Whether the event is stamped at {@code made} (epoch ms), the generator's clock when it made it, or has no
     * timestamp to read (a malformed event, a sample of the dead-letter path). Its top-level {@code timestamp}
     * (every app's events have one) is found by Jackson's streaming parser, the other fields skipped, and read
     * through ITU, as the pipeline reads instants: this runs for every live event in the app's own JVM, and
     * {@code Instant.parse} there took as much CPU as a stream thread's whole processing of the tick, reading
     * it into a record a third of the live generator's (the record's constructor buffered the fields before).
     */
    static boolean onTime(byte[] value, long made) {
        try (JsonParser parser = JSON.createParser(value)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return true;
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken token = parser.nextToken();
                if (token == JsonToken.VALUE_STRING && "timestamp".equals(name)) {
                    return ITU.parseDateTime(parser.getText()).toInstant().toEpochMilli() == made;
                }
                parser.skipChildren();
            }
            return true;
        } catch (IOException | RuntimeException malformed) {
            return true;
        }
    }


}
