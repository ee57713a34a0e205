package io.eventpipeline.core.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eventpipeline.core.http.HttpError;
import io.eventpipeline.core.http.Request;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

class InteractiveQueriesTest {

    /** A request another instance forwarded: answered from local state, whatever the metadata says. */
    private static final Request FORWARDED = new Request("/things/a", Map.of(), Map.of(InteractiveQueries.LOCAL_PARAM, List.of("true")));

    private final InteractiveQueries queries = new InteractiveQueries(() -> null, () -> new HostInfo("127.0.0.1", 1));

    @Test
    void shouldAnswer503WhenAStoreMovesAwayWhileItIsRead() {
        StepVerifier.create(queries.byKey("store", "a", Serdes.String().serializer(), FORWARDED,
                        () -> Mono.fromCallable(() -> {
                            throw new InvalidStateStoreException("The state store, store, may have migrated to another instance.");
                        })))
                .expectErrorSatisfies(e -> {
                    assertEquals(503, ((HttpError) e).status());
                    assertTrue(e.getMessage().contains("may have migrated"), e.getMessage());
                })
                .verify();
        StepVerifier.create(queries.fromAll("store", FORWARDED, () -> Mono.<String>error(new InvalidStateStoreException("moved")),
                        String.class))
                .expectErrorSatisfies(e -> assertEquals(503, ((HttpError) e).status()))
                .verify();
    }

    @Test
    void shouldPassOtherFailuresOn() {
        StepVerifier.create(queries.byKey("store", "a", Serdes.String().serializer(), FORWARDED,
                        () -> Mono.error(HttpError.notFound("no such thing"))))
                .expectErrorSatisfies(e -> assertEquals(404, ((HttpError) e).status()))
                .verify();
        StepVerifier.create(queries.byKey("store", "a", Serdes.String().serializer(), FORWARDED, () -> Mono.just("found")))
                .expectNext("found")
                .verifyComplete();
    }
}
