package io.eventpipeline.runner.bench;

import io.eventpipeline.core.serde.Json;
import java.io.IOException;
import java.util.Locale;
import java.util.Set;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * Plain Kafka Streams apps the benchmark runs on an app's backlog, with the app's own Kafka Streams settings
 * and processing guarantee: what the framework costs before any of the app's processing, one cost at a time.
 * Each reads the input as bytes and writes every record to one output topic.
 */
enum StreamsBaseline {

    /** Read, write: consumer, producer, transactions and commits. */
    PASS_THROUGH("Kafka Streams, pass-through (bytes)") {
        @Override
        KStream<byte[], byte[]> process(KStream<byte[], byte[]> input) {
            return input;
        }
    },

    /** And one put per record into a persistent key-value store with a changelog (RocksDB, uncached). */
    STORE("Kafka Streams, + a store put per record") {
        @Override
        KStream<byte[], byte[]> process(KStream<byte[], byte[]> input) {
            return input.process(STORE_PUT);
        }
    },

    /** And the value parsed from JSON and written back as JSON, as an app's serdes do. */
    JSON("Kafka Streams, + JSON in and out") {
        @Override
        KStream<byte[], byte[]> process(KStream<byte[], byte[]> input) {
            return input.mapValues(StreamsBaseline::reencode).process(STORE_PUT);
        }
    };

    static final String STORE_NAME = "baseline";

    /** The store put, with its store: Kafka Streams adds the store wherever the step is used. */
    private static final ProcessorSupplier<byte[], byte[], byte[], byte[]> STORE_PUT = new ProcessorSupplier<>() {
        @Override
        public Processor<byte[], byte[], byte[], byte[]> get() {
            return new StorePut();
        }

        @Override
        public Set<StoreBuilder<?>> stores() {
            return Set.of(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STORE_NAME), Serdes.ByteArray(),
                    Serdes.ByteArray()));
        }
    };

    private final String label;

    StreamsBaseline(String label) {
        this.label = label;
    }

    /** What the benchmark prints for it. */
    String label() {
        return label;
    }

    /** Its own application id: its own consumer group, changelog and state directory. */
    String applicationId() {
        return "bench-baseline-" + name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    abstract KStream<byte[], byte[]> process(KStream<byte[], byte[]> input);

    Topology topology(String input, String output) {
        StreamsBuilder builder = new StreamsBuilder();
        process(builder.stream(input, Consumed.with(Serdes.ByteArray(), Serdes.ByteArray())))
                .to(output, Produced.with(Serdes.ByteArray(), Serdes.ByteArray()));
        return builder.build();
    }

    /** The value as a JSON tree and back; what is not JSON passes as it is (an app would dead-letter it). */
    private static byte[] reencode(byte[] value) {
        if (value == null) {
            return null;
        }
        try {
            return Json.mapper().writeValueAsBytes(Json.mapper().readTree(value));
        } catch (IOException notJson) {
            return value;
        }
    }

    /** Puts each keyed record into the store and forwards it. */
    private static final class StorePut implements Processor<byte[], byte[], byte[], byte[]> {

        private ProcessorContext<byte[], byte[]> context;
        private KeyValueStore<byte[], byte[]> store;

        @Override
        public void init(ProcessorContext<byte[], byte[]> context) {
            this.context = context;
            this.store = context.getStateStore(STORE_NAME);
        }

        @Override
        public void process(Record<byte[], byte[]> record) {
            if (record.key() != null && record.value() != null) {
                store.put(record.key(), record.value());
            }
            context.forward(record);
        }
    }
}
