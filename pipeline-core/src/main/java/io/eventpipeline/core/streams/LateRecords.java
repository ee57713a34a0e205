package io.eventpipeline.core.streams;

import java.util.Objects;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.kstream.Window;
import org.apache.kafka.streams.kstream.Windows;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorSupplier;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

/**
 * Counts the records that a windowed aggregation of Kafka Streams ({@code groupByKey().windowedBy(windows)})
 * right after it will drop as too late, in a metric of their own; Kafka Streams counts them only in its task's
 * {@code dropped-records}, together with every other record it drops (those the deserialization handler sent to
 * the dead-letter topic, say).
 *
 * <p>The aggregation's rule, as Kafka Streams 4.3 applies it: a record is dropped from each of its windows
 * that ends at or before the newest record time the aggregation has seen less the grace; that time is kept in
 * memory and starts over when the task does. This processor sees the same records in the same order, keeps
 * the same time and starts over with it, so its count is the aggregation's. A record counts once, when it is
 * in none of its windows; a record with a {@code null} key is left alone, as the aggregation drops it for that.
 * Every record is forwarded unchanged.
 *
 * <p>Metric: group {@code stream-<scope>-metrics}, {@code <name>-total} and {@code <name>-rate}, tag per task.
 */
public final class LateRecords {

    private LateRecords() {
    }

    /** The counter before an aggregation over {@code windows}, its metric named {@code name} in {@code scope}. */
    public static <K, V> FixedKeyProcessorSupplier<K, V, V> counting(Windows<? extends Window> windows, String scope,
                                                                   String name) {
        Objects.requireNonNull(windows, "windows");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(name, "name");
        long grace = windows.gracePeriodMs();
        return () -> new FixedKeyProcessor<>() {
            private FixedKeyProcessorContext<K, V> context;
            private Sensor late;
            private long observed = -1; // as the aggregation's observed stream time starts

            @Override
            public void init(FixedKeyProcessorContext<K, V> context) {
                this.context = context;
                this.late = context.metrics().addRateTotalSensor(scope, context.taskId().toString(), name,
                        Sensor.RecordingLevel.INFO);
            }

            @Override
            public void process(FixedKeyRecord<K, V> record) {
                if (record.key() != null) {
                    observed = Math.max(observed, record.timestamp());
                    long closed = observed - grace;
                    if (windows.windowsFor(record.timestamp()).values().stream().allMatch(w -> w.end() <= closed)) {
                        late.record();
                    }
                }
                context.forward(record);
            }

            @Override
            public void close() {
                context.metrics().removeSensor(late);
            }
        };
    }
}
