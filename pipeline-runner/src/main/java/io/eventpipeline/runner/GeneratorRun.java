package io.eventpipeline.runner;

import io.eventpipeline.core.generator.AppGenerator;
import io.eventpipeline.core.generator.EventFactory;
import io.eventpipeline.core.generator.EventGenerator;
import io.eventpipeline.core.generator.GeneratorFeedback;
import io.eventpipeline.core.generator.GeneratorProgress;
import io.eventpipeline.core.generator.GeneratorSeed;
import io.eventpipeline.core.generator.GeneratorReport;
import io.eventpipeline.core.generator.GeneratorSpec;
import io.eventpipeline.core.reactive.EventSink;
import io.eventpipeline.core.reactive.ReactiveKafka;
import io.eventpipeline.core.reactive.SinkOptions;
import io.eventpipeline.core.reactive.SourceOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * One generator writing to Kafka: its sink, its progress, its completion, and the readers of what its
 * world reacts to ({@link EventFactory#feedback()}). Closing stops it.
 */
final class GeneratorRun<K, V> implements AutoCloseable {

    private final EventSink<K, V> sink;
    private final EventGenerator<K, V> generator;
    private final Mono<GeneratorReport> report;
    private final List<Disposable> feedback = new ArrayList<>();
    private Disposable running;

    private GeneratorRun(EventSink<K, V> sink, EventGenerator<K, V> generator) {
        this.sink = sink;
        this.generator = generator;
        this.report = generator.run(sink).cache();
    }

    /**
     * Creates the generator of {@code app} with its own options and starts it.
     *
     * @throws IllegalArgumentException for a bad option
     */
    static <K, V> GeneratorRun<K, V> start(AppGenerator<K, V> app, GeneratorSpec spec, Map<String, String> options,
                                           Map<String, Object> clientProperties) {
        EventFactory<K, V> factory = app.factory(options);
        EventGenerator<K, V> generator = new EventGenerator<>(spec, factory);
        for (GeneratorSeed<?, ?> seed : app.seeds(options)) {
            seed.writeTo(clientProperties);
        }
        EventSink<K, V> sink = ReactiveKafka.sink(clientProperties, app.topic(), SinkOptions.named("generator-" + app.app()));
        GeneratorRun<K, V> run = new GeneratorRun<>(sink, generator);
        for (GeneratorFeedback<?, ?> each : factory.feedback()) {
            run.feedback.add(listen(app.app(), each, clientProperties));
        }
        run.running = run.report.subscribe(r -> { }, e -> { });
        return run;
    }

    /**
     * Reads {@code feedback}'s topic in the group {@code generator-<app>-feedback}, from its end when the group
     * is new. The topic belongs to the app, which creates it with its partitions: the reader never creates it,
     * and waits for it when the generator starts first.
     */
    private static <K, V> Disposable listen(String app, GeneratorFeedback<K, V> feedback, Map<String, Object> clientProperties) {
        Map<String, Object> props = new HashMap<>(clientProperties);
        props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        SourceOptions options = SourceOptions.of(app, "generator-" + app + "-feedback", app + ".dlq")
                .fromLatest().withCommitInterval(Duration.ofSeconds(5));
        return ReactiveKafka.source(props, feedback.topic(), options).receive()
                .doOnNext(in -> {
                    feedback.handler().accept(in.key(), in.value());
                    in.acknowledge();
                })
                .retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofSeconds(1)).maxBackoff(Duration.ofSeconds(30)))
                .subscribe();
    }

    GeneratorProgress progress() {
        return generator.progress();
    }

    /** Completes when the generator reaches its count or duration. */
    Mono<GeneratorReport> report() {
        return report;
    }

    /** Stops generating, then closes the sink (which waits for records in flight). */
    @Override
    public void close() {
        running.dispose();
        feedback.forEach(Disposable::dispose);
        sink.close();
    }
}
