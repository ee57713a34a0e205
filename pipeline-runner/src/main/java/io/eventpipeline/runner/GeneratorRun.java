package io.eventpipeline.runner;

import io.eventpipeline.core.generator.AppGenerator;
import io.eventpipeline.core.generator.EventGenerator;
import io.eventpipeline.core.generator.GeneratorProgress;
import io.eventpipeline.core.generator.GeneratorSeed;
import io.eventpipeline.core.generator.GeneratorReport;
import io.eventpipeline.core.generator.GeneratorSpec;
import io.eventpipeline.core.reactive.EventSink;
import io.eventpipeline.core.reactive.ReactiveKafka;
import io.eventpipeline.core.reactive.SinkOptions;
import java.util.Map;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

/** One generator writing to Kafka: its sink, its progress, and its completion. Closing stops it. */
final class GeneratorRun<K, V> implements AutoCloseable {

    private final EventSink<K, V> sink;
    private final EventGenerator<K, V> generator;
    private final Mono<GeneratorReport> report;
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
        EventGenerator<K, V> generator = new EventGenerator<>(spec, app.factory(options));
        for (GeneratorSeed<?, ?> seed : app.seeds(options)) {
            seed.writeTo(clientProperties);
        }
        EventSink<K, V> sink = ReactiveKafka.sink(clientProperties, app.topic(), SinkOptions.named("generator-" + app.app()));
        GeneratorRun<K, V> run = new GeneratorRun<>(sink, generator);
        run.running = run.report.subscribe(r -> { }, e -> { });
        return run;
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
        sink.close();
    }
}
