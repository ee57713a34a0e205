package io.eventpipeline.core.streams;

import io.eventpipeline.core.config.PipelineConfig;
import io.eventpipeline.core.errors.DeadLetterCounter;
import io.eventpipeline.core.errors.DeadLetterHandler;
import io.eventpipeline.core.flow.FlowObserver;
import io.eventpipeline.core.metrics.TrafficCounter;
import io.eventpipeline.core.streams.internal.InterceptorConfigs;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Turns a {@link PipelineConfig} into Kafka Streams' config: exactly-once by default, the dead-letter
 * handlers, the flow coordinator's observer, the bounded RocksDB memory, the tracing and counting
 * interceptors, and any {@code kafka.*} pass-through settings (which apply to every client and win over the defaults here).
 */
public final class StreamsSettings {

    /**
     * The topology optimizations the pipeline builds with: repartitions of one key-changing step merged, and
     * a stream's self-join on one store. Not {@code reuse.ktable.source.topics}: a table restored from its
     * source topic gets that topic's raw bytes, so one malformed or invalid entry of the IoT device registry,
     * which goes to the dead-letter topic when read, would be restored into the store and fail every later
     * lookup of its device; the table keeps a changelog of what was read and checked.
     */
    public static final String OPTIMIZATIONS = StreamsConfig.MERGE_REPARTITION_TOPICS + "," + StreamsConfig.SINGLE_STORE_SELF_JOIN;

    private StreamsSettings() {
    }

    /**
     * What a topology is built with: {@code builder.build(StreamsSettings.topology())}. Kafka Streams applies
     * {@code topology.optimization} when a topology is built, not when the client starts, so the setting
     * in {@link #base} alone changes nothing.
     */
    public static Properties topology() {
        Properties properties = new Properties();
        properties.put(StreamsConfig.TOPOLOGY_OPTIMIZATION_CONFIG, OPTIMIZATIONS);
        return properties;
    }

    /**
     * The streams config for one app instance: {@link #base} and, on top, the dead-letter handlers, the flow
     * coordinator's observer, the bounded RocksDB memory and the interceptors, then the app's own settings,
     * then the {@code kafka.*} pass-through settings.
     *
     * @param appSettings the app's own Kafka Streams settings
     * @param deadLetterTopic where bad records go
     * @param applicationServer this instance's {@code host:port} for interactive queries, or {@code null}
     */
    public static Properties of(PipelineConfig config, Map<String, Object> appSettings, String deadLetterTopic,
                                String applicationServer, RocksDbMemory rocksDbMemory, DeadLetterCounter deadLetters,
                                TrafficCounter traffic, FlowObserver flows) {
        Map<String, Object> p = new HashMap<>();
        if (applicationServer != null) {
            p.put(StreamsConfig.APPLICATION_SERVER_CONFIG, applicationServer);
        }
        // Failure policy: bad records to the dead-letter topic, counted, processing goes on.
        p.put(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, deadLetterTopic);
        p.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandler.class.getName());
        p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandler.class.getName());
        p.put(DeadLetterHandler.APP_CONFIG, config.app());
        p.put(DeadLetterHandler.COUNTER_CONFIG, deadLetters);
        p.put(FlowObserver.CONFIG, flows);
        // One memory budget for every RocksDB store.
        p.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedMemoryRocksDbConfig.class.getName());
        p.put(BoundedMemoryRocksDbConfig.MEMORY_CONFIG, rocksDbMemory);
        p.putAll(InterceptorConfigs.forStreams(config.applicationId(), traffic));
        Properties properties = base(config);
        properties.putAll(p);
        properties.putAll(appSettings);
        // The pass-through settings win here too.
        properties.putAll(config.kafka());
        return properties;
    }

    /**
     * What every Kafka Streams client of the pipeline runs with, app or not: ids, processing guarantee,
     * threads, state directory, commit interval, cache, topology optimizations, the producer's batching and
     * the {@code kafka.*} pass-through settings. The benchmark's plain Kafka Streams baselines run with
     * exactly this.
     */
    public static Properties base(PipelineConfig config) {
        Map<String, Object> p = new HashMap<>();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, config.applicationId());
        p.put(StreamsConfig.CLIENT_ID_CONFIG, config.applicationId() + "-" + config.instanceId());
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, config.guarantee().streamsValue());
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, config.streamThreads());
        p.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, config.standbyReplicas());
        p.put(StreamsConfig.STATE_DIR_CONFIG, config.stateDir().toAbsolutePath().toString());
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, config.commitInterval().toMillis());
        p.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, config.cacheMaxBytes());
        // The same as the topologies are built with (topology()).
        p.put(StreamsConfig.TOPOLOGY_OPTIMIZATION_CONFIG, OPTIMIZATIONS);
        // Kafka 5.0's default, and Kafka Streams 4.3 warns at every start without it; the partition assignor
        // reads its own copy of the config from the main consumer's settings and warns once a stream thread
        // unless it is there too.
        p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
        p.put(StreamsConfig.mainConsumerPrefix(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG), true);
        // Batches. Exactly-once, what the producers write is read once its transaction commits, and every commit
        // flushes them: lingering up to Kafka Streams' 100-ms default delays no reader, and the changelogs'
        // batches, a few records each at 5 ms, get fuller (IoT benchmark: broker CPU per reading 147 -> 106-112
        // µs). At least once, outputs are read as soon as written: 5 ms.
        p.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG),
                config.guarantee() == PipelineConfig.ProcessingGuarantee.EXACTLY_ONCE_V2 ? 100 : 5);
        p.put(StreamsConfig.producerPrefix(ProducerConfig.BATCH_SIZE_CONFIG), 128 * 1024);
        // Snappy, not lz4: Kafka's lz4 stream allocates two 64-KiB buffers for every batch, which with a few
        // records per batch was about half the stream threads' heap allocation (IoT benchmark: 201 KiB per
        // reading with lz4, 114 with snappy, whose buffers are reused).
        p.put(StreamsConfig.producerPrefix(ProducerConfig.COMPRESSION_TYPE_CONFIG), "snappy");
        p.putAll(config.kafka());
        Properties properties = new Properties();
        properties.putAll(p);
        return properties;
    }
}
