package io.eventpipeline.core.generator;

import io.eventpipeline.core.reactive.EventSink;
import io.eventpipeline.core.reactive.Outbound;
import java.time.Clock;
import java.time.Duration;
import java.util.SplittableRandom;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Generates events at a target rate and writes them through an {@link EventSink}.
 *
 * <p><b>Rate:</b> every {@value #TICK_MILLIS} ms the generator works out how many events are due since the
 * start at the target rate and makes that many, so the long-run rate holds even when a tick is late;
 * rate 0 means as fast as the sink accepts. <b>Backpressure:</b> events are made only as the sink
 * requests them, so a slow broker slows the generator instead of filling memory (the achieved rate then
 * falls below target, visible in {@link GeneratorProgress#line()}). <b>Determinism:</b> events are made
 * on one thread from one {@link SplittableRandom} seeded by the spec. <b>Errors:</b> a record the broker
 * rejects is counted as failed and generation goes on.
 */
public final class EventGenerator<K, V> {

    static final long TICK_MILLIS = 10;

    private final GeneratorSpec spec;
    private final EventFactory<K, V> factory;
    private final Clock clock;
    private final Scheduler scheduler;
    private final GeneratorProgress progress;

    public EventGenerator(GeneratorSpec spec, EventFactory<K, V> factory, Clock clock, Scheduler scheduler) {
        this.spec = spec;
        this.factory = factory;
        this.clock = clock;
        this.scheduler = scheduler;
        this.progress = new GeneratorProgress(spec);
    }

    /** A generator on the system clock and Reactor's parallel scheduler. */
    public EventGenerator(GeneratorSpec spec, EventFactory<K, V> factory) {
        this(spec, factory, Clock.systemUTC(), Schedulers.parallel());
    }

    /** The clock's reading to the millisecond: event timestamps carry milliseconds, as the event formats specify. */
    private java.time.Instant now() {
        return clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    }

    /** Live counters of this generator's run. */
    public GeneratorProgress progress() {
        return progress;
    }

    /**
     * The events this generator makes, paced by the spec's rate and limited by its count and duration.
     * Cold: each subscription starts from sequence 0 with a fresh random source.
     */
    public Flux<Outbound<K, V>> events() {
        return Flux.defer(() -> {
            SplittableRandom random = new SplittableRandom(spec.seed());
            long[] sequence = {0};
            Flux<Outbound<K, V>> events;
            if (spec.ratePerSecond() == 0) {
                events = Flux.generate(sink -> sink.next(factory.next(sequence[0]++, random, now())));
            } else {
                long start = scheduler.now(java.util.concurrent.TimeUnit.NANOSECONDS);
                events = Flux.interval(Duration.ofMillis(TICK_MILLIS), scheduler)
                        .onBackpressureDrop()
                        .concatMap(tick -> {
                            long elapsed = scheduler.now(java.util.concurrent.TimeUnit.NANOSECONDS) - start;
                            long due = (long) (elapsed / 1e9 * spec.ratePerSecond()) - sequence[0];
                            return Flux.<Outbound<K, V>>generate(sink -> sink.next(
                                    factory.next(sequence[0]++, random, now()))).take(Math.max(0, due));
                        }, 1);
            }
            if (spec.count() > 0) {
                events = events.take(spec.count());
            }
            if (spec.duration() != null) {
                events = events.take(spec.duration(), scheduler);
            }
            return events;
        });
    }

    /** Runs the generator through {@code sink}; completes with the report when the spec's limit is reached. */
    public Mono<GeneratorReport> run(EventSink<K, V> sink) {
        return Mono.defer(() -> {
            long started = System.nanoTime();
            return sink.send(events())
                    .doOnNext(result -> {
                        if (result.ok()) {
                            progress.recordSent();
                        } else {
                            progress.recordFailed();
                        }
                    })
                    .then(Mono.fromSupplier(() -> new GeneratorReport(spec.name(), progress.sent(), progress.failed(),
                            Duration.ofNanos(System.nanoTime() - started))));
        });
    }
}
