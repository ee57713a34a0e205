package io.eventpipeline.core.flow;

import io.eventpipeline.core.http.HttpError;
import io.eventpipeline.core.http.Request;
import io.eventpipeline.core.http.Routes;
import io.eventpipeline.core.query.InteractiveQueries;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import reactor.core.publisher.Mono;

/**
 * The HTTP queries of an app's flows, answered on whichever instance holds them:
 * <ul>
 *   <li>{@code GET /flows/{id}}: the flow's {@link FlowState}: status, current step, attempt, data, history
 *       with timestamps. 404 for an unknown id.</li>
 *   <li>{@code GET /flows?status=S&limit=N}: flows of every instance, by status ({@link FlowStatus}; all when
 *       absent), most recently changed first, at most {@code limit} (default 100), with the count per status.</li>
 * </ul>
 */
public final class FlowQueries {

    private final InteractiveQueries queries;
    private final FlowDefinition definition;

    public FlowQueries(InteractiveQueries queries, FlowDefinition definition) {
        this.queries = queries;
        this.definition = definition;
    }

    /** Adds the routes. */
    public void addTo(Routes routes) {
        routes.get("/flows/{id}", this::flow).get("/flows", this::list);
    }

    Mono<?> flow(Request request) {
        String id = request.pathParam("id");
        return queries.byKey(definition.stateStore(), id, Serdes.String().serializer(), request, () -> {
            FlowState state = store().get(id);
            return state == null ? Mono.error(HttpError.notFound("no flow '" + id + "'")) : Mono.just(state);
        });
    }

    Mono<?> list(Request request) {
        FlowStatus status = request.query("status").map(FlowQueries::status).orElse(null);
        int limit = request.intQuery("limit", 100, 1, 10_000);
        return queries.fromAll(definition.stateStore(), request, () -> Mono.just(part(status, limit)), FlowsPart.class)
                .map(parts -> {
                    List<FlowState> flows = new ArrayList<>();
                    Map<FlowStatus, Long> counts = new LinkedHashMap<>();
                    for (FlowStatus s : FlowStatus.values()) {
                        counts.put(s, 0L);
                    }
                    for (FlowsPart part : parts) {
                        flows.addAll(part.flows());
                        part.counts().forEach((s, n) -> counts.merge(s, n, Long::sum));
                    }
                    flows.sort(Comparator.comparing(FlowState::updatedAt).reversed().thenComparing(FlowState::flowId));
                    Map<String, Object> answer = new LinkedHashMap<>();
                    answer.put("flow", definition.name());
                    answer.put("counts", counts);
                    answer.put("flows", flows.subList(0, Math.min(limit, flows.size())));
                    return answer;
                });
    }

    private FlowsPart part(FlowStatus status, int limit) {
        List<FlowState> flows = new ArrayList<>();
        Map<FlowStatus, Long> counts = new LinkedHashMap<>();
        try (KeyValueIterator<String, FlowState> all = store().all()) {
            all.forEachRemaining(entry -> {
                counts.merge(entry.value.status(), 1L, Long::sum);
                if (status == null || entry.value.status() == status) {
                    flows.add(entry.value);
                }
            });
        }
        flows.sort(Comparator.comparing(FlowState::updatedAt).reversed().thenComparing(FlowState::flowId));
        return new FlowsPart(flows.subList(0, Math.min(limit, flows.size())), counts);
    }

    private ReadOnlyKeyValueStore<String, FlowState> store() {
        return queries.store(definition.stateStore(), QueryableStoreTypes.keyValueStore());
    }

    private static FlowStatus status(String text) {
        try {
            return FlowStatus.valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw HttpError.badRequest("'status' must be one of " + List.of(FlowStatus.values()) + ", was '" + text + "'");
        }
    }

    /** One instance's flows and counts. */
    public record FlowsPart(List<FlowState> flows, Map<FlowStatus, Long> counts) {
    }
}
