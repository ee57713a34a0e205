package io.eventpipeline.core.query;

import com.fasterxml.jackson.databind.JsonNode;
import io.eventpipeline.core.http.HttpError;
import io.eventpipeline.core.http.Request;
import io.eventpipeline.core.serde.Json;
import io.netty.handler.codec.http.QueryStringEncoder;
import io.netty.handler.timeout.ReadTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.QueryableStoreType;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.client.HttpClient;

/**
 * Answers queries over state that is spread across the instances of an app, so that any instance
 * answers any query.
 *
 * <ul>
 *   <li>{@link #byKey}: the instance owning the key's partition answers: this one, or the owner, to which
 *       the same request is forwarded over HTTP.</li>
 *   <li>{@link #fromAll}: every instance answers for its own partitions (a forwarded request is answered
 *       locally only) and the caller merges the parts.</li>
 * </ul>
 *
 * <p>A forwarded request carries {@value #LOCAL_PARAM}{@code =true}, which makes the receiver answer
 * from its own state whatever the metadata says, so a request is forwarded at most once. State that is
 * being restored or moved answers 503. Store reads run on Reactor's bounded-elastic scheduler, not on
 * the HTTP event loop.
 */
public final class InteractiveQueries implements LocalStores {

    /** Query parameter of forwarded requests: answer from local state only. */
    public static final String LOCAL_PARAM = "local";
    private static final Duration FORWARD_TIMEOUT = Duration.ofSeconds(10);

    private final Supplier<KafkaStreams> streams;
    private final Supplier<HostInfo> self;
    private final HttpClient http;

    /**
     * @param streams the app's Kafka Streams instance (it may not exist yet when routes are added)
     * @param self this instance's {@code application.server} (known once the HTTP port is bound)
     */
    public InteractiveQueries(Supplier<KafkaStreams> streams, Supplier<HostInfo> self) {
        this.streams = streams;
        this.self = self;
        this.http = HttpClient.create().responseTimeout(FORWARD_TIMEOUT);
    }

    /** Whether the request was forwarded by another instance and must be answered locally. */
    public static boolean isLocalOnly(Request request) {
        return request.query(LOCAL_PARAM).map(Boolean::parseBoolean).orElse(false);
    }

    /** A store of this instance, or 503 while it is not queryable (starting, rebalancing, restoring). */
    @Override
    public <T> T store(String name, QueryableStoreType<T> type) {
        KafkaStreams kafkaStreams = streams.get();
        if (kafkaStreams == null) {
            throw HttpError.unavailable("starting up; try again shortly");
        }
        try {
            return kafkaStreams.store(StoreQueryParameters.fromNameAndType(name, type));
        } catch (InvalidStateStoreException e) {
            throw HttpError.unavailable("state store " + name + " is not queryable now (" + e.getMessage() + "); try again shortly");
        }
    }

    /**
     * Answers from the instance that owns {@code key} in {@code store}: {@code local} runs here if this
     * instance owns it (or the request was forwarded), otherwise the request goes to the owner and its
     * answer is returned as it came.
     */
    public <K> Mono<Object> byKey(String store, K key, Serializer<K> keySerializer, Request request,
                                  Supplier<Mono<?>> local) {
        if (isLocalOnly(request)) {
            return runLocal(local);
        }
        KafkaStreams kafkaStreams = streams.get();
        if (kafkaStreams == null) {
            return Mono.error(HttpError.unavailable("starting up; try again shortly"));
        }
        KeyQueryMetadata metadata = kafkaStreams.queryMetadataForKey(store, key, keySerializer);
        if (metadata == null || metadata.equals(KeyQueryMetadata.NOT_AVAILABLE)) {
            return Mono.error(HttpError.unavailable("no instance owns " + store + " yet; try again shortly"));
        }
        HostInfo owner = metadata.activeHost();
        if (owner.equals(self.get()) || owner.equals(HostInfo.unavailable())) {
            return runLocal(local);
        }
        return forward(owner, request).cast(Object.class);
    }

    /**
     * Gathers one part from every instance hosting {@code store}: {@code local} here, and the same request
     * forwarded to each other instance. Parts come in no particular order.
     */
    public <T> Mono<List<T>> fromAll(String store, Request request, Supplier<Mono<T>> local, Class<T> partType) {
        if (isLocalOnly(request)) {
            return here(local).map(List::of);
        }
        KafkaStreams kafkaStreams = streams.get();
        if (kafkaStreams == null) {
            return Mono.error(HttpError.unavailable("starting up; try again shortly"));
        }
        List<Mono<T>> parts = new ArrayList<>();
        for (StreamsMetadata instance : kafkaStreams.streamsMetadataForStore(store)) {
            if (instance.hostInfo().equals(self.get())) {
                parts.add(here(local));
            } else {
                parts.add(forward(instance.hostInfo(), request).map(json -> Json.mapper().convertValue(json, partType)));
            }
        }
        if (parts.isEmpty()) {
            parts.add(here(local));
        }
        return Flux.merge(parts).collectList();
    }

    private static Mono<Object> runLocal(Supplier<Mono<?>> local) {
        return here(local).cast(Object.class);
    }

    /**
     * Runs a local read on the bounded-elastic scheduler. A store that moves away while it is read (a
     * rebalance between getting the store and iterating it) fails with {@link InvalidStateStoreException}:
     * that is a 503 like any other state that is not queryable now, not an internal error.
     */
    private static <T> Mono<T> here(Supplier<? extends Mono<? extends T>> local) {
        return Mono.<T>defer(local).subscribeOn(Schedulers.boundedElastic())
                .onErrorMap(InvalidStateStoreException.class, e -> HttpError.unavailable(
                        "state is not queryable now (" + e.getMessage() + "); try again shortly"));
    }

    private Mono<JsonNode> forward(HostInfo owner, Request request) {
        QueryStringEncoder uri = new QueryStringEncoder("http://" + owner.host() + ":" + owner.port() + request.path(),
                StandardCharsets.UTF_8);
        request.queryParams().forEach((name, values) -> {
            if (!name.equals(LOCAL_PARAM)) {
                values.forEach(v -> uri.addParam(name, v));
            }
        });
        uri.addParam(LOCAL_PARAM, "true");
        return http.get().uri(uri.toString())
                .responseSingle((response, body) -> body.asString(StandardCharsets.UTF_8).defaultIfEmpty("")
                        .flatMap(text -> {
                            int status = response.status().code();
                            if (status == 200) {
                                return Mono.fromCallable(() -> Json.mapper().readTree(text));
                            }
                            return Mono.error(new HttpError(status, errorMessage(text, owner)));
                        }))
                .onErrorMap(e -> !(e instanceof HttpError),
                        e -> HttpError.unavailable("instance " + owner + " did not answer: "
                                + (e instanceof ReadTimeoutException ? "no answer within " + FORWARD_TIMEOUT.toSeconds() + " s"
                                : e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName())));
    }

    private static String errorMessage(String body, HostInfo owner) {
        try {
            JsonNode error = Json.mapper().readTree(body).get("error");
            return error == null ? "instance " + owner + " answered: " + body : error.asText();
        } catch (Exception e) {
            return "instance " + owner + " answered: " + body;
        }
    }
}
