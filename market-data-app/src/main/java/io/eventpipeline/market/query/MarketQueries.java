package io.eventpipeline.market.query;

import io.eventpipeline.core.http.HttpError;
import io.eventpipeline.core.http.Request;
import io.eventpipeline.core.http.Routes;
import io.eventpipeline.core.query.InteractiveQueries;
import io.eventpipeline.market.event.Candle;
import io.eventpipeline.market.topology.CandleState;
import io.eventpipeline.market.topology.CandleTopology;
import io.eventpipeline.market.topology.IndicatorState;
import io.eventpipeline.market.topology.IndicatorTopology;
import io.eventpipeline.market.topology.MoversEntry;
import io.eventpipeline.market.topology.MoversTopology;
import io.eventpipeline.market.topology.SequencingTopology;
import io.eventpipeline.market.topology.SymbolState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;
import reactor.core.publisher.Mono;

/**
 * The market-data app's HTTP queries, answered from its state stores on whichever instance holds them.
 *
 * <ul>
 *   <li>{@code GET /symbols/{s}/latest}: the latest accepted tick, its sequence, and counts of accepted and
 *       duplicate ticks and of gaps.</li>
 *   <li>{@code GET /symbols/{s}/candles?interval=1m|1s&from=…&to=…&limit=N}: candles whose window starts in
 *       {@code [from, to]} (ISO-8601 or epoch ms), oldest first, at most {@code limit} (default 1,440). Without
 *       {@code to}, up to the symbol's latest tick; without {@code from}, an hour (1m) or a minute (1s) before
 *       {@code to}. Windows still open are included: a candle is final once its end plus the grace has passed.</li>
 *   <li>{@code GET /symbols/{s}/indicators}: moving averages, volatility and breakout channel after the
 *       latest closed 1-minute candle.</li>
 *   <li>{@code GET /movers[?window=…]}: the latest minute's (or the given minute's) top movers.</li>
 * </ul>
 * An unknown symbol is 404; a bad parameter 400; both with a JSON error.
 */
public final class MarketQueries {

    static final int DEFAULT_LIMIT = 1_440;

    private final InteractiveQueries queries;

    public MarketQueries(InteractiveQueries queries) {
        this.queries = queries;
    }

    /** Adds the routes. */
    public void addTo(Routes routes) {
        routes.get("/symbols/{s}/latest", this::latest)
                .get("/symbols/{s}/candles", this::candles)
                .get("/symbols/{s}/indicators", this::indicators)
                .get("/movers", this::movers);
    }

    Mono<?> latest(Request request) {
        String symbol = request.pathParam("s");
        return queries.byKey(SequencingTopology.STORE, symbol, Serdes.String().serializer(), request,
                () -> Mono.just(symbolState(symbol)));
    }

    private SymbolState symbolState(String symbol) {
        ReadOnlyKeyValueStore<String, SymbolState> symbols = queries.store(SequencingTopology.STORE,
                QueryableStoreTypes.keyValueStore());
        SymbolState state = symbols.get(symbol);
        if (state == null) {
            throw HttpError.notFound("no ticks of symbol '" + symbol + "'");
        }
        return state;
    }

    Mono<?> candles(Request request) {
        String symbol = request.pathParam("s");
        String interval = request.query("interval").orElse(CandleTopology.MINUTE);
        String store = switch (interval) {
            case CandleTopology.MINUTE -> CandleTopology.MINUTES_STORE;
            case CandleTopology.SECOND -> CandleTopology.SECONDS_STORE;
            default -> throw HttpError.badRequest("'interval' must be 1m or 1s, was '" + interval + "'");
        };
        Instant givenFrom = request.instantQuery("from").orElse(null);
        Instant givenTo = request.instantQuery("to").orElse(null);
        if (givenFrom != null && givenTo != null && givenFrom.isAfter(givenTo)) {
            throw HttpError.badRequest("'from' (" + givenFrom + ") is after 'to' (" + givenTo + ")");
        }
        int limit = request.intQuery("limit", DEFAULT_LIMIT, 1, 100_000);
        return queries.byKey(store, symbol, Serdes.String().serializer(), request, () -> {
            SymbolState state = symbolState(symbol);
            Instant to = givenTo != null ? givenTo : state.latest().timestamp();
            Instant from = givenFrom != null ? givenFrom
                    : to.minus(interval.equals(CandleTopology.MINUTE) ? Duration.ofHours(1) : Duration.ofMinutes(1));
            ReadOnlyWindowStore<String, CandleState> candles = queries.store(store, QueryableStoreTypes.windowStore());
            List<Candle> found = new ArrayList<>();
            boolean truncated = false;
            Duration size = interval.equals(CandleTopology.MINUTE) ? Duration.ofMinutes(1) : Duration.ofSeconds(1);
            try (WindowStoreIterator<CandleState> windows = candles.fetch(symbol, from, to)) {
                while (windows.hasNext()) {
                    KeyValue<Long, CandleState> window = windows.next();
                    if (found.size() == limit) {
                        truncated = true;
                        break;
                    }
                    Instant start = Instant.ofEpochMilli(window.key);
                    found.add(window.value.toCandle(symbol, interval, start, start.plus(size)));
                }
            }
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("symbol", symbol);
            answer.put("interval", interval);
            answer.put("from", from);
            answer.put("to", to);
            answer.put("truncated", truncated);
            answer.put("candles", found);
            return Mono.just(answer);
        });
    }

    Mono<?> indicators(Request request) {
        String symbol = request.pathParam("s");
        return queries.byKey(IndicatorTopology.STORE, symbol, Serdes.String().serializer(), request, () -> {
            ReadOnlyKeyValueStore<String, IndicatorState> states = queries.store(IndicatorTopology.STORE,
                    QueryableStoreTypes.keyValueStore());
            IndicatorState state = states.get(symbol);
            if (state == null || state.latest() == null) {
                symbolState(symbol); // 404 for a symbol never seen
                throw HttpError.notFound("no closed 1-minute candle of symbol '" + symbol + "' yet");
            }
            return Mono.just(state.latest());
        });
    }

    Mono<?> movers(Request request) {
        Instant window = request.instantQuery("window").orElse(null);
        return queries.byKey(MoversTopology.STORE, MoversTopology.KEY, Serdes.String().serializer(), request, () -> {
            ReadOnlyKeyValueStore<Long, MoversEntry> minutes = queries.store(MoversTopology.STORE,
                    QueryableStoreTypes.keyValueStore());
            MoversEntry entry = null;
            if (window != null) {
                entry = minutes.get(window.toEpochMilli() - Math.floorMod(window.toEpochMilli(), 60_000L));
            } else {
                try (KeyValueIterator<Long, MoversEntry> newest = minutes.reverseAll()) {
                    if (newest.hasNext()) {
                        entry = newest.next().value;
                    }
                }
            }
            if (entry == null) {
                throw HttpError.notFound(window == null ? "no closed minute yet" : "no movers for the minute of " + window);
            }
            return Mono.just(entry.movers());
        });
    }
}
