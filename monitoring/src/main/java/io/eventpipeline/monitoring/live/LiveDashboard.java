package io.eventpipeline.monitoring.live;

import static io.eventpipeline.core.http.PipelineHttpServer.routedOffLoop;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.eventpipeline.core.config.PipelineConfig;
import io.eventpipeline.core.metrics.PipelineMetrics;
import io.eventpipeline.core.reactive.EventSource;
import io.eventpipeline.core.reactive.ReactiveKafka;
import io.eventpipeline.core.reactive.SourceOptions;
import io.eventpipeline.core.serde.Json;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.netty.handler.codec.http.HttpHeaderNames;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerResponse;
import reactor.util.retry.Retry;

/**
 * The built-in live dashboard: one page (default http://localhost:8080) showing every app at once, fed
 * over Server-Sent Events.
 *
 * <p>It is a consumer like any other: it reads the apps' public topics ({@link DashboardApps#topics()})
 * through core's {@link EventSource}, in a consumer group of its own from the earliest offset, and the input
 * topics' end offsets for the input rates. Events fold into a {@link DashboardState}; every
 * {@link #TICK} one snapshot is serialised once and sent to every open page, so the browser's load does not
 * grow with the event rate, and a slow page skips snapshots rather than queueing them.
 *
 * <p>Routes: {@code GET /} (the page), {@code /static/*}, {@code /events} (the SSE stream, event
 * {@code snapshot}), {@code /api/snapshot} (the same as JSON), {@code /health/live}, {@code /health/ready}
 * and {@code /metrics}.
 */
public final class LiveDashboard implements AutoCloseable {

    /** How often pages get a snapshot. */
    public static final Duration TICK = Duration.ofSeconds(1);
    /** How often the input rates are sampled (end offsets of the input topics). */
    static final Duration RATE_INTERVAL = Duration.ofSeconds(2);
    /** Offsets matter little to a dashboard that starts from the earliest anyway: commit rarely. */
    private static final Duration COMMIT_INTERVAL = Duration.ofSeconds(10);

    /** The default port. */
    public static final int DEFAULT_PORT = 8080;

    private static final Logger LOG = LoggerFactory.getLogger(LiveDashboard.class);
    private static final String STATIC = "/io/eventpipeline/monitoring/live/static/";

    private final DisposableServer server;
    private final List<Disposable> running;
    private final Admin admin;
    private final PipelineMetrics metrics;
    private final DashboardState state;

    private LiveDashboard(DisposableServer server, List<Disposable> running, Admin admin, PipelineMetrics metrics,
                          DashboardState state) {
        this.server = server;
        this.running = running;
        this.admin = admin;
        this.metrics = metrics;
        this.state = state;
    }

    /**
     * Starts reading the topics and serving the page on {@code config}'s HTTP host and port
     * ({@code PIPELINE_DASHBOARD_HTTP_PORT}; 0 picks a free one).
     */
    public static LiveDashboard start(PipelineConfig config, DashboardApps apps) {
        return start(config, apps, Clock.systemUTC());
    }

    static LiveDashboard start(PipelineConfig config, DashboardApps apps, Clock clock) {
        DashboardState state = new DashboardState(apps.apps());
        PipelineMetrics metrics = new PipelineMetrics(config.app(), config.instanceId());
        Counter records = Counter.builder("pipeline.dashboard.records").description("records the live dashboard read")
                .register(metrics.registry());
        Counter unreadable = Counter.builder("pipeline.dashboard.unreadable").description("records that were not JSON objects")
                .register(metrics.registry());
        AtomicInteger clients = new AtomicInteger();
        Gauge.builder("pipeline.dashboard.clients", clients, AtomicInteger::get).description("pages open on the SSE stream")
                .register(metrics.registry());

        List<Disposable> running = new ArrayList<>();
        Map<String, Object> clientProperties = config.clientProperties();
        String group = config.applicationId() + "-" + UUID.randomUUID();
        // One consumer for every topic: the dashboard is an observer and should cost the broker little.
        EventSource<String, byte[]> source = ReactiveKafka.rawSource(clientProperties, apps.topics(),
                SourceOptions.of(config.app(), group, config.app() + ".dlq").withCommitInterval(COMMIT_INTERVAL));
        running.add(source.receive()
                .doOnNext(in -> {
                    records.increment();
                    JsonNode value = parse(in.value());
                    if (value == null) {
                        unreadable.increment();
                    }
                    state.accept(in.topic(), value, clock.instant());
                    in.acknowledge();
                })
                .retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofSeconds(1)).maxBackoff(Duration.ofSeconds(15))
                        .doBeforeRetry(s -> LOG.warn("dashboard: reading {} failed, retrying: {}", apps.topics(),
                                s.failure().toString())))
                .subscribe());
        Admin admin = Admin.create(clientProperties);
        InputRates rates = new InputRates(admin, apps.inputs());
        running.add(Flux.interval(Duration.ZERO, RATE_INTERVAL, Schedulers.boundedElastic())
                .onBackpressureDrop()
                .concatMap(t -> Mono.fromRunnable(() -> rates.sample(state::inputRate)), 1)
                .subscribe());

        Flux<String> snapshots = Flux.interval(Duration.ZERO, TICK)
                .map(t -> "event: snapshot\ndata: " + json(state.snapshot(clock.instant())) + "\n\n")
                .share();
        DisposableServer server;
        try {
            server = routedOffLoop(HttpServer.create().host(config.httpHost()).port(config.httpPort()), r -> r
                            .get("/", (req, res) -> file(res, "index.html"))
                            .get("/static/{file}", (req, res) -> file(res, req.param("file")))
                            .get("/events", (req, res) -> res.sse()
                                    .header(HttpHeaderNames.CACHE_CONTROL, "no-cache")
                                    .sendString(Flux.just("retry: 2000\n\n").concatWith(snapshots.onBackpressureLatest())
                                            .doOnSubscribe(s -> clients.incrementAndGet())
                                            .doFinally(s -> clients.decrementAndGet())))
                            .get("/api/snapshot", (req, res) -> res.header(HttpHeaderNames.CONTENT_TYPE, "application/json")
                                    .sendString(Mono.fromCallable(() -> json(state.snapshot(clock.instant())))))
                            .get("/health/live", (req, res) -> status(res))
                            .get("/health/ready", (req, res) -> status(res))
                            .get("/metrics", (req, res) -> res.header(HttpHeaderNames.CONTENT_TYPE,
                                    "text/plain; version=0.0.4; charset=utf-8").sendString(Mono.fromCallable(metrics::scrape))))
                    .bindNow(Duration.ofSeconds(10));
        } catch (RuntimeException e) {
            running.forEach(Disposable::dispose);
            admin.close();
            metrics.close();
            throw e;
        }
        return new LiveDashboard(server, running, admin, metrics, state);
    }

    /** The port the page is served on. */
    public int port() {
        return server.port();
    }

    /** Records read so far from every topic. */
    public long records() {
        return state.records();
    }

    @Override
    public void close() {
        server.disposeNow(Duration.ofSeconds(5));
        running.forEach(Disposable::dispose);
        admin.close(Duration.ofSeconds(5));
        metrics.close();
    }

    private static JsonNode parse(byte[] value) {
        if (value == null) {
            return null;
        }
        try {
            JsonNode node = Json.mapper().readTree(value);
            return node != null && node.isObject() ? node : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static String json(Object value) {
        try {
            return Json.mapper().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Publisher<Void> status(HttpServerResponse res) {
        return res.header(HttpHeaderNames.CONTENT_TYPE, "application/json").sendString(Mono.just("{\"status\":\"UP\"}"));
    }

    private static Publisher<Void> file(HttpServerResponse res, String name) {
        if (!name.matches("[a-z0-9-]+\\.(html|js|css|svg)")) {
            return res.status(404).send();
        }
        byte[] content;
        try (InputStream in = LiveDashboard.class.getResourceAsStream(STATIC + name)) {
            if (in == null) {
                return res.status(404).send();
            }
            content = in.readAllBytes();
        } catch (IOException e) {
            return res.status(500).send();
        }
        String type = switch (name.substring(name.lastIndexOf('.') + 1)) {
            case "html" -> "text/html; charset=utf-8";
            case "js" -> "text/javascript; charset=utf-8";
            case "css" -> "text/css; charset=utf-8";
            default -> "image/svg+xml";
        };
        return res.header(HttpHeaderNames.CONTENT_TYPE, type).sendByteArray(Mono.just(content));
    }
}
