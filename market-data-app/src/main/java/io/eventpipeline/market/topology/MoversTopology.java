package io.eventpipeline.market.topology;

import io.eventpipeline.core.event.DashboardUpdate;
import io.eventpipeline.core.serde.JsonSerde;
import io.eventpipeline.market.MarketConfig;
import io.eventpipeline.market.MarketTopics;
import io.eventpipeline.market.event.Candle;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * The market dashboard: per minute, the top gainers, losers and most traded symbols ({@link Movers}), from
 * every symbol's closed 1-minute candle. The candles of a minute come from every partition, each when its
 * own stream time closes the minute, so a minute's movers are published when no candle of it has come for
 * {@code movers.flush} (wall clock), and at the latest when a candle of a later minute comes. A straggling
 * candle after that updates them and publishes them again (a dashboard keeps the newest update of a
 * window). The last {@value #KEPT_MINUTES} minutes are kept.
 *
 * <p>In: closed 1-minute candles (key symbol), all brought to one partition (repartition
 * {@code market-movers-candles}). Out: {@code market.dashboard} key {@value #PANEL}, data
 * {@code {"symbols","gainers","losers","mostTraded"}}. Store: {@value #STORE} (key window start epoch ms,
 * value {@link MoversEntry}).
 */
public final class MoversTopology {

    public static final String STORE = "market-movers";
    public static final String PANEL = "movers-1m";
    /** The one key all candles are ranked under, so the one that finds the movers' instance. */
    public static final String KEY = "movers";
    static final int KEPT_MINUTES = 10;

    private MoversTopology() {
    }

    static void build(StreamsBuilder builder, KStream<String, Candle> closedMinutes, MarketConfig config) {
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STORE), Serdes.Long(),
                JsonSerde.of(MoversEntry.class)));
        closedMinutes
                // A thousand candles a minute: one partition ranks them all.
                .selectKey((symbol, candle) -> KEY, Named.as("market-key-candles-for-movers"))
                .repartition(Repartitioned.<String, Candle>as("market-movers-candles")
                        .withKeySerde(Serdes.String()).withValueSerde(MarketTopics.CANDLES.valueSerde()).withNumberOfPartitions(1))
                .process(() -> new Ranker(config), Named.as("market-rank-movers"), STORE)
                .to(MarketTopics.DASHBOARD.name(), MarketTopics.DASHBOARD.producedAs("market-sink-movers"));
    }

    private static final class Ranker implements Processor<String, Candle, String, DashboardUpdate> {

        private final MarketConfig config;
        private ProcessorContext<String, DashboardUpdate> context;
        private KeyValueStore<Long, MoversEntry> minutes;
        /**
         * The store's minutes as objects, oldest first: at most {@value #KEPT_MINUTES} and the newest, read once
         * at init, after the store is restored, and written through. A thousand candles a minute each rank
         * against their minute and look for minutes due: decoding them all from the store each time grows with
         * the minutes kept.
         */
        private final TreeMap<Long, MoversEntry> kept = new TreeMap<>();

        Ranker(MarketConfig config) {
            this.config = config;
        }

        @Override
        public void init(ProcessorContext<String, DashboardUpdate> context) {
            this.context = context;
            this.minutes = context.getStateStore(STORE);
            kept.clear();
            try (KeyValueIterator<Long, MoversEntry> all = minutes.all()) {
                all.forEachRemaining(kv -> kept.put(kv.key, kv.value));
            }
            Duration every = config.moversFlush().dividedBy(2).compareTo(Duration.ofMillis(10)) < 0
                    ? Duration.ofMillis(10) : config.moversFlush().dividedBy(2);
            context.schedule(every, PunctuationType.WALL_CLOCK_TIME, this::publishQuiet);
        }

        @Override
        public void process(Record<String, Candle> record) {
            Candle candle = record.value();
            long minute = candle.windowStart().toEpochMilli();
            MoversEntry entry = kept.get(minute);
            Movers movers = entry == null ? Movers.empty(candle) : entry.movers();
            keep(minute, new MoversEntry(movers.add(candle, config.moversTop()), true, context.currentSystemTimeMs()));
            // A later minute has begun: earlier ones are as complete as they get.
            publish(minute, Long.MIN_VALUE);
            long newestKept = kept.lastKey();
            while (kept.firstKey() <= newestKept - KEPT_MINUTES * 60_000L) {
                minutes.delete(kept.pollFirstEntry().getKey());
            }
        }

        private void keep(long minute, MoversEntry entry) {
            kept.put(minute, entry);
            minutes.put(minute, entry);
        }

        private void publishQuiet(long now) {
            publish(Long.MAX_VALUE, now - config.moversFlush().toMillis());
        }

        /** Publishes the unpublished minutes before {@code beforeMinute}, or that have not changed since {@code quietSince}. */
        private void publish(long beforeMinute, long quietSince) {
            List<Map.Entry<Long, MoversEntry>> due = new ArrayList<>();
            for (Map.Entry<Long, MoversEntry> kv : kept.entrySet()) {
                if (kv.getValue().unpublished() && (kv.getKey() < beforeMinute || kv.getValue().changedAt() <= quietSince)) {
                    due.add(Map.entry(kv.getKey(), kv.getValue()));
                }
            }
            for (Map.Entry<Long, MoversEntry> kv : due) {
                Movers movers = kv.getValue().movers();
                keep(kv.getKey(), new MoversEntry(movers, false, kv.getValue().changedAt()));
                context.forward(new Record<>(PANEL, dashboard(movers), movers.windowEnd().toEpochMilli()));
            }
        }

        private static DashboardUpdate dashboard(Movers movers) {
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("symbols", movers.symbols());
            data.put("gainers", movers.gainers());
            data.put("losers", movers.losers());
            data.put("mostTraded", movers.mostTraded());
            return new DashboardUpdate(MarketTopics.APP, PANEL, movers.windowStart(), movers.windowEnd(), data);
        }
    }
}
