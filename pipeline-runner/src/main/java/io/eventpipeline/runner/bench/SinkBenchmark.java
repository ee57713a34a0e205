package io.eventpipeline.runner.bench;

import io.eventpipeline.core.generator.EventFactory;
import io.eventpipeline.core.generator.EventGenerator;
import io.eventpipeline.core.generator.GeneratorReport;
import io.eventpipeline.core.generator.GeneratorSpec;
import io.eventpipeline.core.reactive.EventSink;
import io.eventpipeline.core.reactive.Outbound;
import io.eventpipeline.core.reactive.ReactiveKafka;
import io.eventpipeline.core.reactive.SinkOptions;
import io.eventpipeline.core.topic.Topic;
import io.eventpipeline.core.topic.TopicAdmin;
import io.eventpipeline.core.topic.TopicSpec;
import io.eventpipeline.core.trace.TraceContext;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Generator throughput through {@link EventSink} against a plain {@link KafkaProducer} sending the same
 * records with the same producer settings, in alternating rounds on one broker, so that both meet the
 * same machine state. Each side makes its events with the same factory and serializes them with the
 * same serde, and carries the same {@code traceparent} header; the only difference is the reactive path.
 */
public final class SinkBenchmark {

    private static final String[] TYPES = {"PAGE_VIEW", "CLICK", "SEARCH", "ADD_TO_CART", "PURCHASE"};
    static final EventFactory<String, BenchEvent> FACTORY = SinkBenchmark::event;

    private final Map<String, Object> client;
    private final int partitions;
    private final PrintStream out;

    public SinkBenchmark(Map<String, Object> clientProperties, int partitions, PrintStream out) {
        this.client = Map.copyOf(clientProperties);
        this.partitions = partitions;
        this.out = out;
    }

    /** The result of one run: records per second of each side, per round. */
    public record Result(List<Double> producerRates, List<Double> sinkRates) {
        public double producerMedian() {
            return median(producerRates);
        }

        public double sinkMedian() {
            return median(sinkRates);
        }

        public double ratio() {
            return sinkMedian() / producerMedian();
        }
    }

    /**
     * Runs two warm-up rounds of each side (JIT compilation, broker page cache, topic creation settle), then
     * {@code rounds} alternating measured rounds of {@code count} records each.
     */
    public Result run(long count, int rounds) {
        String runId = Long.toHexString(System.nanoTime());
        Topic<String, BenchEvent> producerTopic = Topic.json("bench.producer-" + runId, BenchEvent.class);
        Topic<String, BenchEvent> sinkTopic = Topic.json("bench.sink-" + runId, BenchEvent.class);
        TopicAdmin.ensure(client, List.of(TopicSpec.of(producerTopic, partitions), TopicSpec.of(sinkTopic, partitions)));
        out.printf(Locale.ROOT, "bench sink: %,d records per round, %d rounds, %d partitions; both sides: %s%n",
                count, rounds, partitions, "acks=all, idempotent, snappy, linger 5 ms, JSON ~180 B + traceparent header");
        for (int i = 0; i < 2; i++) {
            producerRound(producerTopic, count);
            sinkRound(sinkTopic, count);
        }
        List<Double> producerRates = new ArrayList<>();
        List<Double> sinkRates = new ArrayList<>();
        out.printf(Locale.ROOT, "%-6s %22s %22s %8s%n", "round", "KafkaProducer rec/s", "EventSink rec/s", "ratio");
        for (int round = 1; round <= rounds; round++) {
            double producer = producerRound(producerTopic, count);
            double sink = sinkRound(sinkTopic, count);
            producerRates.add(producer);
            sinkRates.add(sink);
            out.printf(Locale.ROOT, "%-6d %,22.0f %,22.0f %8.3f%n", round, producer, sink, sink / producer);
        }
        Result result = new Result(producerRates, sinkRates);
        out.printf(Locale.ROOT, "%-6s %,22.0f %,22.0f %8.3f%n", "median", result.producerMedian(), result.sinkMedian(),
                result.ratio());
        return result;
    }

    private double producerRound(Topic<String, BenchEvent> topic, long count) {
        AtomicLong failed = new AtomicLong();
        SplittableRandom random = new SplittableRandom(42);
        Clock clock = Clock.systemUTC();
        try (KafkaProducer<String, BenchEvent> producer = new KafkaProducer<>(
                ReactiveKafka.producerProperties(client, "bench-producer"),
                topic.keySerde().serializer(), topic.valueSerde().serializer())) {
            long start = System.nanoTime();
            for (long i = 0; i < count; i++) {
                Outbound<String, BenchEvent> event = FACTORY.next(i, random, clock.instant());
                // The same record the sink writes: a new trace per event, in a traceparent header.
                RecordHeaders headers = new RecordHeaders();
                TraceContext.newTrace().writeTo(headers);
                producer.send(new ProducerRecord<>(topic.name(), null, null, event.key(), event.value(), headers), (metadata, error) -> {
                    if (error != null) {
                        failed.incrementAndGet();
                    }
                });
            }
            producer.flush();
            long elapsed = System.nanoTime() - start;
            if (failed.get() > 0) {
                throw new IllegalStateException(failed.get() + " records failed in the producer round");
            }
            return count / (elapsed / 1e9);
        }
    }

    private double sinkRound(Topic<String, BenchEvent> topic, long count) {
        GeneratorSpec spec = GeneratorSpec.of("bench", 0).withCount(count);
        try (EventSink<String, BenchEvent> sink = ReactiveKafka.sink(client, topic, SinkOptions.named("bench-sink"))) {
            GeneratorReport report = new EventGenerator<>(spec, FACTORY).run(sink).block();
            if (report.failed() > 0 || report.sent() != count) {
                throw new IllegalStateException("sink round sent " + report.sent() + " of " + count + ", " + report.failed() + " failed");
            }
            return report.ratePerSecond();
        }
    }

    private static Outbound<String, BenchEvent> event(long sequence, SplittableRandom random, Instant now) {
        String user = "user-" + random.nextInt(100_000);
        String type = TYPES[random.nextInt(TYPES.length)];
        return Outbound.of(user, new BenchEvent("evt-" + sequence, user, type, "/p/" + random.nextInt(5_000),
                type.equals("PURCHASE") ? random.nextInt(10_000) / 100.0 : 0.0, now));
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
