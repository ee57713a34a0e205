package io.eventpipeline.market.trading;

import io.eventpipeline.core.http.HttpError;
import io.eventpipeline.core.http.Request;
import io.eventpipeline.core.http.Routes;
import io.eventpipeline.core.query.InteractiveQueries;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import reactor.core.publisher.Mono;

/**
 * The risk manager's books over HTTP, from {@value RiskTopology#STORE} on whichever instance holds them:
 * <ul>
 *   <li>{@code GET /positions/{s}}: one symbol's position, the quantity reserved by trades under way, and
 *       how many those are; 404 if the symbol was never traded.</li>
 *   <li>{@code GET /positions}: {@code {"positions":[…]}}, every traded symbol's, by symbol, gathered from
 *       every instance.</li>
 * </ul>
 */
public final class PositionQueries {

    private final InteractiveQueries queries;

    public PositionQueries(InteractiveQueries queries) {
        this.queries = queries;
    }

    /** One symbol's book: signed shares held and reserved, and the number of open reservations. */
    public record Position(String symbol, long position, long reserved, int openTrades) {

        static Position of(String symbol, RiskState book) {
            return new Position(symbol, book.position(), book.reserved(), book.reservations().size());
        }
    }

    /** The positions one instance holds. */
    public record Positions(List<Position> positions) {
    }

    /** Adds the routes. */
    public void addTo(Routes routes) {
        routes.get("/positions/{s}", this::position)
                .get("/positions", this::positions);
    }

    Mono<?> position(Request request) {
        String symbol = request.pathParam("s");
        return queries.byKey(RiskTopology.STORE, symbol, Serdes.String().serializer(), request, () -> {
            RiskState book = books().get(symbol);
            if (book == null) {
                throw HttpError.notFound("no trades of symbol '" + symbol + "'");
            }
            return Mono.just(Position.of(symbol, book));
        });
    }

    Mono<?> positions(Request request) {
        return queries.fromAll(RiskTopology.STORE, request, () -> Mono.fromCallable(this::positionsHere), Positions.class)
                .map(parts -> {
                    List<Position> all = new ArrayList<>();
                    parts.forEach(part -> all.addAll(part.positions()));
                    all.sort(Comparator.comparing(Position::symbol));
                    return new Positions(all);
                });
    }

    private Positions positionsHere() {
        List<Position> here = new ArrayList<>();
        try (KeyValueIterator<String, RiskState> books = books().all()) {
            books.forEachRemaining(entry -> here.add(Position.of(entry.key, entry.value)));
        }
        return new Positions(here);
    }

    private ReadOnlyKeyValueStore<String, RiskState> books() {
        return queries.store(RiskTopology.STORE, QueryableStoreTypes.keyValueStore());
    }
}
