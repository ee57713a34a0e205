package io.eventpipeline.core.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.eventpipeline.core.metrics.PipelineMetrics;
import io.eventpipeline.core.serde.Json;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.http.server.HttpServerRoutes;

/**
 * An app's HTTP endpoint on Reactor Netty: {@code GET /metrics} (Prometheus text format),
 * {@code GET /health/live} and {@code GET /health/ready} (200 or 503 with a JSON status and the
 * {@linkplain Health#details() details}), and the app's
 * own query routes. Unknown paths answer 404 with a JSON error.
 */
public final class PipelineHttpServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PipelineHttpServer.class);
    private static final String JSON = "application/json";
    private static final String PROMETHEUS = "text/plain; version=0.0.4; charset=utf-8";

    private final DisposableServer server;

    private PipelineHttpServer(DisposableServer server) {
        this.server = server;
    }

    /**
     * Binds and starts the server; returns once it accepts connections.
     *
     * @param port 0 picks a free port; see {@link #port()}
     * @param appRoutes adds the app's query routes
     */
    public static PipelineHttpServer start(String host, int port, PipelineMetrics metrics, Health health,
                                           Consumer<Routes> appRoutes) {
        List<Route> routes = new ArrayList<>();
        appRoutes.accept(new Routes() {
            @Override
            public Routes get(String template, Handler handler) {
                routes.add(new Route(template, handler));
                return this;
            }
        });
        DisposableServer server = routedOffLoop(HttpServer.create().host(host).port(port), r -> {
                    r.get("/metrics", (req, res) -> res.header(HttpHeaderNames.CONTENT_TYPE, PROMETHEUS)
                            .sendString(Mono.fromCallable(metrics::scrape)));
                    r.get("/health/live", (req, res) -> health(res, health.live(), health));
                    r.get("/health/ready", (req, res) -> health(res, health.ready(), health));
                    for (Route route : routes) {
                        r.get(route.template(), (req, res) -> handle(route.handler(), req, res));
                    }
                    notFoundFallback(r);
                })
                .bindNow(Duration.ofSeconds(10));
        return new PipelineHttpServer(server);
    }

    /** The port the server is bound to. */
    public int port() {
        return server.port();
    }

    @Override
    public void close() {
        server.disposeNow(Duration.ofSeconds(5));
    }

    private static void notFoundFallback(HttpServerRoutes routes) {
        routes.route(req -> true, (req, res) -> error(res, HttpError.notFound("no route for " + req.method() + " /" + req.path())));
    }

    /**
     * {@code server} serving {@code routes} (as {@link HttpServer#route} would), with every answer produced
     * on the bounded-elastic scheduler, never on the event loop that read the request. Every Reactor Netty
     * server of the project is routed through this.
     *
     * <p>Why: in Reactor Netty 1.3.7 an answer completed while the event loop is still handling its request
     * (a 400 for a bad parameter, a health or metrics answer) can leave the connection's next keep-alive
     * request unanswered: the new request is attached to the previous one's still-terminating operations
     * and no response is ever written (reactor-netty#4188, #4361; measured: about 1 in 150 requests after
     * such an answer hung until the client's timeout). Answers sent from another thread do not meet it.
     */
    public static HttpServer routedOffLoop(HttpServer server, Consumer<? super HttpServerRoutes> routes) {
        HttpServerRoutes table = HttpServerRoutes.newRoutes();
        routes.accept(table);
        return server.handle((req, res) -> Mono.defer(() -> Mono.from(table.apply(req, res)))
                .subscribeOn(Schedulers.boundedElastic()));
    }

    private static Publisher<Void> health(HttpServerResponse res, boolean up, Health health) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", up ? "UP" : "DOWN");
        body.putAll(health.details());
        return json(res.status(up ? 200 : 503), body);
    }

    private static Publisher<Void> handle(Routes.Handler handler, HttpServerRequest req, HttpServerResponse res) {
        Request request = toRequest(req);
        Mono<?> answer;
        try {
            answer = handler.handle(request);
        } catch (RuntimeException e) {
            answer = Mono.error(e);
        }
        return answer
                .switchIfEmpty(Mono.error(() -> HttpError.notFound("nothing found at " + request.path())))
                .flatMap(value -> Mono.from(json(res.status(200), value)))
                .onErrorResume(e -> Mono.from(error(res, e)));
    }

    private static Publisher<Void> error(HttpServerResponse res, Throwable e) {
        HttpError error;
        if (e instanceof HttpError httpError) {
            error = httpError;
        } else {
            LOG.error("query failed", e);
            error = new HttpError(500, "internal error");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", error.status());
        body.put("error", error.getMessage());
        return json(res.status(HttpResponseStatus.valueOf(error.status())), body);
    }

    private static Publisher<Void> json(HttpServerResponse res, Object value) {
        byte[] body;
        try {
            body = Json.mapper().writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            LOG.error("cannot write answer as JSON", e);
            return res.status(500).send();
        }
        return res.header(HttpHeaderNames.CONTENT_TYPE, JSON)
                .sendString(Mono.just(new String(body, StandardCharsets.UTF_8)));
    }

    private static Request toRequest(HttpServerRequest req) {
        QueryStringDecoder decoder = new QueryStringDecoder(req.uri(), StandardCharsets.UTF_8);
        Map<String, String> params = req.params() == null ? Map.of() : req.params();
        Map<String, String> decoded = new LinkedHashMap<>();
        params.forEach((k, v) -> decoded.put(k, QueryStringDecoder.decodeComponent(v, StandardCharsets.UTF_8)));
        return new Request(decoder.path(), decoded, decoder.parameters());
    }

    private record Route(String template, Routes.Handler handler) {
    }
}
