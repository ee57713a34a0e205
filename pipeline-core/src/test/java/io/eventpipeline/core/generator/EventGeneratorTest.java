package io.eventpipeline.core.generator;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.eventpipeline.core.reactive.Outbound;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;

class EventGeneratorTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-22T10:00:00Z"), ZoneOffset.UTC);
    private static final EventFactory<String, Long> FACTORY =
            (sequence, random, now) -> Outbound.of("k" + random.nextInt(10), sequence);

    @Test
    void shouldHoldTheTargetRateOverVirtualTime() {
        VirtualTimeScheduler scheduler = VirtualTimeScheduler.create();
        EventGenerator<String, Long> generator = new EventGenerator<>(
                GeneratorSpec.of("test", 1_000).withDuration(Duration.ofSeconds(3)), FACTORY, CLOCK, scheduler);

        StepVerifier.withVirtualTime(generator::events, () -> scheduler, Long.MAX_VALUE)
                .thenAwait(Duration.ofSeconds(1))
                .expectNextCount(1_000)
                .thenAwait(Duration.ofSeconds(2))
                .expectNextCount(1_990)
                .expectComplete()
                .verify(Duration.ofSeconds(10));
    }

    @Test
    void shouldStopAtTheCount() {
        EventGenerator<String, Long> generator = new EventGenerator<>(
                GeneratorSpec.of("test", 0).withCount(5), FACTORY, CLOCK, VirtualTimeScheduler.create());

        StepVerifier.create(generator.events().map(Outbound::value))
                .expectNext(0L, 1L, 2L, 3L, 4L)
                .verifyComplete();
    }

    @Test
    void shouldMakeTheSameEventsFromTheSameSeed() {
        GeneratorSpec spec = GeneratorSpec.of("test", 0).withCount(100).withSeed(7);
        List<String> first = new EventGenerator<>(spec, FACTORY, CLOCK, VirtualTimeScheduler.create())
                .events().map(Outbound::key).collectList().block();
        List<String> second = new EventGenerator<>(spec, FACTORY, CLOCK, VirtualTimeScheduler.create())
                .events().map(Outbound::key).collectList().block();
        List<String> otherSeed = new EventGenerator<>(spec.withSeed(8), FACTORY, CLOCK, VirtualTimeScheduler.create())
                .events().map(Outbound::key).collectList().block();
        assertEquals(first, second);
        org.junit.jupiter.api.Assertions.assertNotEquals(first, otherSeed);
    }
}
