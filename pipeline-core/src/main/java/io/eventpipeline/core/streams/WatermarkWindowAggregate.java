package io.eventpipeline.core.streams;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.function.BinaryOperator;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.ValueAndTimestamp;

/**
 * The processor around a {@link WatermarkWindows}: sums the partials that every task upstream sends through a
 * repartition topic per key and window, and forwards each window's sum once, when the senders' watermarks
 * have closed it, in the order of window start, then key. What {@code windowedBy(..).aggregate(..)} followed by
 * {@code suppress(untilWindowCloses)} does, closed on the slowest sender's event time.
 *
 * <p>In: records keyed by the aggregate's key, each stamped by its sender ({@link Watermarks}), timestamped
 * with its event time. Each is turned into a partial ({@link Builder#from}) and added to every open window
 * containing its time; a record with no open window left is dropped and counted in Kafka Streams' metrics
 * (group {@code stream-<scope>-metrics}, {@code <name>-total} and {@code -rate}, tag per task; unless {@link
 * Builder#lateNotCounted}). Then its stamp
 * advances the watermark, and every window it closed is forwarded, mapped by the {@link Output}.
 *
 * <p>Out: one record per key and closed window, timestamped as the output maps it (usually the newest time
 * that went into the window).
 *
 * <p>Stores (given by {@link #stores()}, so {@code process(supplier, named)} adds and connects them): the
 * sums, an uncached timestamped key-value store in window order, and the next window to publish with the
 * senders' watermarks ({@code <store>-published} unless named otherwise). Both are logged, so under exactly-once
 * a restart neither repeats nor skips a window.
 *
 * @param <I> the records taken
 * @param <V> the aggregate
 * @param <KOut> the key forwarded
 * @param <VOut> the value forwarded
 */
public final class WatermarkWindowAggregate<I, V, KOut, VOut> implements ProcessorSupplier<String, I, KOut, VOut> {

    /** Maps a closed window to the record forwarded. */
    @FunctionalInterface
    public interface Output<V, KOut, VOut> {
        /**
         * @param start the window's start, epoch millis
         * @param key the aggregate's key
         * @param sum the window's aggregate, with the newest time that went into it
         */
        Record<KOut, VOut> of(long start, String key, ValueAndTimestamp<V> sum);
    }

    private final Builder<I, V> spec;
    private final Output<V, KOut, VOut> output;

    private WatermarkWindowAggregate(Builder<I, V> spec, Output<V, KOut, VOut> output) {
        this.spec = spec;
        this.output = Objects.requireNonNull(output, "output");
    }

    /**
     * Windows of {@code V} summed by {@code merge}, kept in the store {@code store} (values in {@code serde}); one
     * record is one partial as it is ({@link Builder#from} to map it).
     */
    public static <V> Builder<V, V> of(String store, Serde<V> serde, BinaryOperator<V> merge) {
        return new Builder<>(store, serde, merge, Function.identity());
    }

    @Override
    public Processor<String, I, KOut, VOut> get() {
        return new Aggregate();
    }

    @Override
    public Set<StoreBuilder<?>> stores() {
        return Set.of(
                // Uncached: partials of one key and window come about once a flush per sender, so the record
                // cache would merge next to nothing and only evict other windows to the store for every put.
                Stores.timestampedKeyValueStoreBuilder(Stores.persistentTimestampedKeyValueStore(spec.store),
                        Serdes.String(), spec.serde).withCachingDisabled(),
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(spec.publishedStore), Serdes.String(), Serdes.Long()));
    }

    /** The store of the sums, keyed {@code TimeIndex.key(windowStart, key)}. */
    public String store() {
        return spec.store;
    }

    /** The store of the next window to publish and the senders' watermarks. */
    public String publishedStore() {
        return spec.publishedStore;
    }

    private final class Aggregate implements Processor<String, I, KOut, VOut> {

        private ProcessorContext<KOut, VOut> context;
        private WatermarkWindows<V> windows;
        private Sensor late;

        @Override
        public void init(ProcessorContext<KOut, VOut> context) {
            this.context = context;
            spec.beforeOpen.accept(context);
            this.windows = new WatermarkWindows<>(context.getStateStore(spec.store), context.getStateStore(spec.publishedStore),
                    spec.size, spec.advance, spec.grace, spec.retain, spec.senders, spec.idleAfter, spec.merge,
                    context.currentSystemTimeMs());
            this.late = spec.lateMetric == null ? null : context.metrics().addRateTotalSensor(spec.lateScope,
                    context.taskId().toString(), spec.lateMetric, Sensor.RecordingLevel.INFO);
        }

        @Override
        public void close() {
            if (late != null) {
                context.metrics().removeSensor(late);
            }
        }

        @Override
        public void process(Record<String, I> record) {
            if (!windows.add(record.key(), spec.partial.apply(record.value()), record.timestamp()) && late != null) {
                late.record(); // every window containing it has been published
            }
            windows.advance(record.headers(), context.currentSystemTimeMs(),
                    (start, key, sum) -> context.forward(output.of(start, key, sum)));
        }
    }

    /**
     * The windows, senders and late-record metric of a {@link WatermarkWindowAggregate}. Defaults: tumbling
     * windows of one minute, no grace, closed windows deleted as published, one sender idle after two minutes.
     *
     * @param <I> the records taken
     * @param <V> the aggregate
     */
    public static final class Builder<I, V> {

        private final String store;
        private final Serde<V> serde;
        private final BinaryOperator<V> merge;
        private final Function<I, V> partial;
        private String publishedStore;
        private Duration size = Duration.ofMinutes(1);
        private Duration advance = size;
        private Duration grace = Duration.ZERO;
        private Duration retain = Duration.ZERO;
        private int senders = 1;
        private Duration idleAfter = Duration.ofMinutes(2);
        private String lateScope;
        private String lateMetric;
        private Consumer<ProcessorContext<?, ?>> beforeOpen = context -> { };

        private Builder(String store, Serde<V> serde, BinaryOperator<V> merge, Function<I, V> partial) {
            this.store = Objects.requireNonNull(store, "store");
            this.serde = Objects.requireNonNull(serde, "serde");
            this.merge = Objects.requireNonNull(merge, "merge");
            this.partial = Objects.requireNonNull(partial, "partial");
            this.publishedStore = store + "-published";
            this.lateScope = store;
            this.lateMetric = "late-records";
        }

        /** Takes records of {@code J}, each turned into one partial by {@code partial}. */
        public <J> Builder<J, V> from(Function<J, V> partial) {
            return copy(partial);
        }

        private <J> Builder<J, V> copy(Function<J, V> partial) {
            Builder<J, V> copy = new Builder<>(store, serde, merge, partial);
            copy.publishedStore = publishedStore;
            copy.size = size;
            copy.advance = advance;
            copy.grace = grace;
            copy.retain = retain;
            copy.senders = senders;
            copy.idleAfter = idleAfter;
            copy.lateScope = lateScope;
            copy.lateMetric = lateMetric;
            copy.beforeOpen = beforeOpen;
            return copy;
        }

        /** Windows of {@code size}, a new one every {@code advance} ({@code size} for tumbling windows); {@code advance} divides {@code size}. */
        public Builder<I, V> windows(Duration size, Duration advance) {
            long sizeMs = size.toMillis();
            long advanceMs = advance.toMillis();
            if (advanceMs < 1 || sizeMs < advanceMs || sizeMs % advanceMs != 0) {
                throw new IllegalArgumentException("window advance must be positive and divide the size, got " + advance
                        + " and " + size);
            }
            this.size = size;
            this.advance = advance;
            return this;
        }

        /** How long after its end a window waits for late partials. */
        public Builder<I, V> grace(Duration grace) {
            this.grace = nonNegative(grace, "grace");
            return this;
        }

        /** How long a closed window stays in the store for queries, rounded up to whole advances. */
        public Builder<I, V> retain(Duration retain) {
            this.retain = nonNegative(retain, "retain");
            return this;
        }

        /** The partitions upstream, each waited for at a start, and the silence after which one holds nothing back ({@link Watermarks}). */
        public Builder<I, V> senders(int partitions, Duration idleAfter) {
            if (partitions < 1) {
                throw new IllegalArgumentException("senders must be at least 1, got " + partitions);
            }
            this.senders = partitions;
            this.idleAfter = nonNegative(idleAfter, "idleAfter");
            return this;
        }

        /** The metric counting late records: group {@code stream-<scope>-metrics}, {@code <name>-total}. */
        public Builder<I, V> lateCountedAs(String scope, String name) {
            this.lateScope = Objects.requireNonNull(scope, "scope");
            this.lateMetric = Objects.requireNonNull(name, "name");
            return this;
        }

        /**
         * Counts no late records: for windows beside others on the same records, watermarks and grace whose
         * count already holds every record late here (the minutes beside the 5-minute windows hopping by the
         * minute: a record in no open 5-minute window is in no open minute either), so that the late-record
         * rule does not count them twice.
         */
        public Builder<I, V> lateNotCounted() {
            this.lateScope = null;
            this.lateMetric = null;
            return this;
        }

        /** Names the store of the next window to publish and the senders' watermarks (default {@code <store>-published}). */
        public Builder<I, V> publishedStore(String name) {
            this.publishedStore = Objects.requireNonNull(name, "name");
            return this;
        }

        /** Runs {@code action} at each task's start, before the stores are read (a migration of an earlier store, say). */
        public Builder<I, V> beforeOpen(Consumer<ProcessorContext<?, ?>> action) {
            this.beforeOpen = Objects.requireNonNull(action, "action");
            return this;
        }

        /** The processor, forwarding each closed window as {@code output} maps it. */
        public <KOut, VOut> WatermarkWindowAggregate<I, V, KOut, VOut> forwarding(Output<V, KOut, VOut> output) {
            return new WatermarkWindowAggregate<>(copy(partial), output); // later changes to this builder do not reach it
        }

        private static Duration nonNegative(Duration duration, String name) {
            if (duration.isNegative()) {
                throw new IllegalArgumentException(name + " must not be negative, got " + duration);
            }
            return duration;
        }
    }
}
