package io.eventpipeline.core.generator;

import io.eventpipeline.core.reactive.Outbound;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Makes the events of a generator, one per call, in sequence. Called from one thread at a time; with the
 * same seed and the same clock readings it must make the same events.
 *
 * @param <K> key type
 * @param <V> value type
 */
@FunctionalInterface
public interface EventFactory<K, V> {

    /**
     * @param sequence 0 for the first event, then 1, 2, …
     * @param random the generator's seeded random source
     * @param now the generator's clock reading for this event
     */
    Outbound<K, V> next(long sequence, SplittableRandom random, Instant now);

    /** What the generated world reacts to while it runs (see {@link GeneratorFeedback}); the default: nothing. */
    default List<GeneratorFeedback<?, ?>> feedback() {
        return List.of();
    }
}
