package io.eventpipeline.market.topology;

import io.eventpipeline.core.serde.StateSerde;
import io.eventpipeline.core.streams.OnCommit;
import io.eventpipeline.core.streams.TimeIndex;
import io.eventpipeline.market.MarketConfig;
import io.eventpipeline.market.MarketTopics;
import io.eventpipeline.market.event.Candle;
import io.eventpipeline.market.event.Tick;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.TimestampedWindowStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;

/**
 * OHLCV candles per symbol over 1-second and 1-minute tumbling windows of event time, with VWAP and trade
 * count ({@link CandleState}). A late tick amends its candles while its window is within the grace period:
 * the window's end plus {@code grace} is after the stream time (the newest event time of the ticks that
 * reached the candles, kept across restarts); later than that it is dropped. The 1-minute store is also
 * the queryable history: it keeps candles for {@code history.retention} (24 h by default).
 *
 * <p>The open candles are objects in memory, written to their stores once per commit ({@link OnCommit}):
 * every tick amends two candles, and reading and writing them through the stores' serdes and record cache
 * at every tick (the DSL's windowed aggregation) was a quarter of the stream threads' time (JFR, market
 * benchmark, 1,000 symbols). Queries see the candles as of the task's last commit.
 *
 * <p>In: accepted ticks (key symbol). Out: {@code market.candles} (key symbol, value {@link Candle}, the
 * timestamp of its last trade), each symbol's 1-minute candle once, when its window has closed (stream time
 * at its end plus grace), the candles of one minute in the order of their symbols; the same stream feeds
 * the indicators and the movers. Stores: {@value #SECONDS_STORE} (retention {@code candles.1s.retention}),
 * {@value #MINUTES_STORE} (retention {@code history.retention}), both key symbol, value {@link CandleState}
 * with the time of its last trade; {@value #OPEN_STORE}, the minutes not yet published (key {@link
 * TimeIndex#key} of the window's start and the symbol, value the start; and the stream time, under {@value
 * #STREAM_TIME}).
 */
public final class CandleTopology {

    public static final String SECONDS_STORE = "market-candles-1s";
    public static final String MINUTES_STORE = "market-candles-1m";
    public static final String OPEN_STORE = "market-candles-1m-open";
    public static final String SECOND = "1s";
    public static final String MINUTE = "1m";
    /** The open store's key of the stream time: after every key of {@link TimeIndex}. */
    static final String STREAM_TIME = "~stream-time";
    private static final String COMMIT = "market-candles-commit";
    /** Ticks too late for any candle, counted per task in Kafka Streams' metrics (group {@code stream-market-candles-metrics}). */
    static final String LATE_SCOPE = "market-candles";
    static final String LATE_TICKS = "late-ticks";

    private CandleTopology() {
    }

    /** Builds both candle stores; returns the closed 1-minute candles. */
    static KStream<String, Candle> build(StreamsBuilder builder, KStream<String, Tick> ticks, MarketConfig config) {
        builder.addStateStore(windowStore(SECONDS_STORE, config.secondCandlesRetention(), Duration.ofSeconds(1)));
        builder.addStateStore(windowStore(MINUTES_STORE, config.historyRetention(), Duration.ofMinutes(1)));
        // Uncached: read by range once a minute, and a key is written twice in its life.
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(OPEN_STORE), Serdes.String(),
                Serdes.Long()).withCachingDisabled());
        String commit = OnCommit.add(builder, COMMIT);
        // Ticks are keyed by symbol already: no repartition.
        KStream<String, Candle> closedMinutes = ticks.process(() -> new CandleBuilder(config.grace()),
                Named.as("market-aggregate-candles"), SECONDS_STORE, MINUTES_STORE, OPEN_STORE, commit);
        closedMinutes.to(MarketTopics.CANDLES.name(), MarketTopics.CANDLES.producedAs("market-sink-candles-1m"));
        return closedMinutes;
    }

    private static StoreBuilder<TimestampedWindowStore<String, CandleState>> windowStore(String name, Duration retention,
                                                                                       Duration size) {
        // Timestamped, as the DSL's windowed aggregations keep theirs: state written by earlier versions reads the same.
        return Stores.timestampedWindowStoreBuilder(Stores.persistentTimestampedWindowStore(name, retention, size, false),
                Serdes.String(), StateSerde.of(CandleState.class)).withCachingDisabled();
    }

    /** Amends a tick's two candles, and publishes the minutes its stream time has closed. */
    private static final class CandleBuilder implements Processor<String, Tick, String, Candle> {

        private final long grace;
        private ProcessorContext<String, Candle> context;
        private Candles seconds;
        private Candles minutes;
        private KeyValueStore<String, Long> open;
        private long streamTime = Long.MIN_VALUE;
        private long savedStreamTime = Long.MIN_VALUE;
        private Sensor late;
        /** The start of the latest minute published; those up to it are out of the open store. */
        private long publishedThrough = Long.MIN_VALUE;

        CandleBuilder(Duration grace) {
            this.grace = grace.toMillis();
        }

        @Override
        public void init(ProcessorContext<String, Candle> context) {
            this.context = context;
            this.seconds = new Candles(context.getStateStore(SECONDS_STORE), 1_000);
            this.minutes = new Candles(context.getStateStore(MINUTES_STORE), 60_000);
            this.open = context.getStateStore(OPEN_STORE);
            Long saved = open.get(STREAM_TIME);
            streamTime = savedStreamTime = saved == null ? Long.MIN_VALUE : saved;
            // Every candle stored started at or before the stream time stored with it, in the same commit; candles
            // without it are from before it was stored (the aggregations this processor replaced): look for all.
            long storedThrough = saved != null ? saved
                    : seconds.storeIsEmpty() && minutes.storeIsEmpty() ? Long.MIN_VALUE : Long.MAX_VALUE;
            seconds.storedThrough(storedThrough);
            minutes.storedThrough(storedThrough);
            OnCommit.register(context, COMMIT, this::writeBack);
            // In Kafka Streams' metrics (and so on /metrics): stream-market-candles-metrics, late-ticks-total.
            this.late = context.metrics().addRateTotalSensor(LATE_SCOPE, context.taskId().toString(), LATE_TICKS,
                    Sensor.RecordingLevel.INFO);
        }

        @Override
        public void process(Record<String, Tick> record) {
            // Not the task's stream time: a duplicate the sequencer dropped must not close windows.
            streamTime = Math.max(streamTime, record.timestamp());
            String symbol = record.key();
            seconds.add(symbol, record, streamTime - grace);
            Slot minute = minutes.add(symbol, record, streamTime - grace);
            if (minute == null) {
                late.record(); // too late for its minute, and so for its second too: in no candle
            } else if (minute.fresh) {
                minute.fresh = false;
                open.put(TimeIndex.key(minute.start, symbol), minute.start);
            }
            publishClosedMinutes();
        }

        @Override
        public void close() {
            context.metrics().removeSensor(late);
        }

        /** Publishes, in the order of their start and symbol, the minutes whose end plus grace the stream time has reached. */
        private void publishClosedMinutes() {
            long closedThrough = Math.floorDiv(streamTime - grace - minutes.size, minutes.size) * minutes.size;
            if (closedThrough <= publishedThrough) {
                return;
            }
            List<String> published = new ArrayList<>();
            try (KeyValueIterator<String, Long> due = open.range(TimeIndex.from(), TimeIndex.through(closedThrough))) {
                while (due.hasNext()) {
                    KeyValue<String, Long> entry = due.next();
                    String symbol = entry.key.substring(entry.key.indexOf('|') + 1);
                    publish(symbol, entry.value);
                    published.add(entry.key);
                }
            }
            published.forEach(open::delete);
            publishedThrough = closedThrough;
        }

        private void publish(String symbol, long start) {
            Slot slot = minutes.slot(symbol, start);
            CandleState candle = slot != null ? slot.value : minutes.stored(symbol, start);
            if (candle == null) {
                return; // its window outlived the store's retention
            }
            Headers headers = slot != null && slot.headers != null ? new RecordHeaders(slot.headers.toArray()) : new RecordHeaders();
            context.forward(new Record<>(symbol, candle.toCandle(symbol, MINUTE, Instant.ofEpochMilli(start),
                    Instant.ofEpochMilli(start + minutes.size)), candle.closeAt(), headers));
        }

        private void writeBack() {
            seconds.writeBack(streamTime - grace);
            minutes.writeBack(streamTime - grace);
            if (streamTime != savedStreamTime) {
                // So that a tick too late before a restart is too late after it.
                open.put(STREAM_TIME, streamTime);
                savedStreamTime = streamTime;
            }
        }
    }

    /** One window size's open candles, by window start and symbol, in front of its store. */
    private static final class Candles {

        final long size;
        private final TimestampedWindowStore<String, CandleState> store;
        private final TreeMap<Long, Map<String, Slot>> windows = new TreeMap<>();
        private final List<Slot> written = new ArrayList<>();
        /**
         * No candle in the store starts after this: a later window's candles are all in memory, and a symbol's
         * first tick in one need not look for it in the store, a RocksDB miss (answered through a C++
         * exception in the rocksdbjni Kafka Streams ships) for every symbol every second.
         */
        private long storedThrough = Long.MAX_VALUE;

        Candles(TimestampedWindowStore<String, CandleState> store, long size) {
            this.store = store;
            this.size = size;
        }

        /** Adds the tick to its candle, unless its window closed at or before {@code closedAt}; returns the candle's slot, or null when late. */
        Slot add(String symbol, Record<String, Tick> record, long closedAt) {
            long at = record.timestamp();
            long start = at - Math.floorMod(at, size);
            if (start + size <= closedAt) {
                return null;
            }
            Map<String, Slot> window = windows.computeIfAbsent(start, s -> new HashMap<>());
            Slot slot = window.get(symbol);
            if (slot == null) {
                CandleState stored = start > storedThrough ? null : stored(symbol, start);
                slot = new Slot(symbol, start, stored == null ? CandleState.empty() : stored, stored == null);
                window.put(symbol, slot);
            }
            slot.value = slot.value.add(record.value());
            slot.headers = record.headers();
            if (!slot.written) {
                slot.written = true;
                written.add(slot);
            }
            return slot;
        }

        boolean storeIsEmpty() {
            try (KeyValueIterator<Windowed<String>, ValueAndTimestamp<CandleState>> all = store.all()) {
                return !all.hasNext();
            }
        }

        /** No candle in the store starts after {@code epochMillis}. */
        void storedThrough(long epochMillis) {
            storedThrough = epochMillis;
        }

        Slot slot(String symbol, long start) {
            Map<String, Slot> window = windows.get(start);
            return window == null ? null : window.get(symbol);
        }

        CandleState stored(String symbol, long start) {
            ValueAndTimestamp<CandleState> stored = store.fetch(symbol, start);
            return stored == null ? null : stored.value();
        }

        /** Writes the candles amended since the last commit; forgets the windows closed at or before {@code closedAt}. */
        void writeBack(long closedAt) {
            for (Slot slot : written) {
                store.put(slot.symbol, ValueAndTimestamp.make(slot.value, slot.value.closeAt()), slot.start);
                slot.written = false;
            }
            written.clear();
            windows.headMap(closedAt - size, true).clear();
        }
    }

    /** A candle in memory: its value, whether it awaits writing, and the headers of its last tick. */
    private static final class Slot {

        final String symbol;
        final long start;
        CandleState value;
        boolean fresh;
        boolean written;
        Headers headers;

        Slot(String symbol, long start, CandleState value, boolean fresh) {
            this.symbol = symbol;
            this.start = start;
            this.value = value;
            this.fresh = fresh;
        }
    }
}
