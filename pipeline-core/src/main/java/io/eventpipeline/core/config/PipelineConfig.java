package io.eventpipeline.core.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * The settings every pipeline app shares, read once at start-up from a {@link ConfigSource} and checked
 * there: a bad value stops start-up with a {@link ConfigException} naming the key. Each setting may be
 * given for one app only by putting the app's name first: {@code PIPELINE_IOT_HTTP_PORT} wins over
 * {@code PIPELINE_HTTP_PORT} for the {@code iot} app.
 *
 * <table>
 *   <caption>Settings (environment variable / properties key, default)</caption>
 *   <tr><td>{@code PIPELINE_BOOTSTRAP_SERVERS} / {@code bootstrap.servers}</td><td>{@code localhost:9092}</td></tr>
 *   <tr><td>{@code PIPELINE_APPLICATION_ID} / {@code application.id}</td><td>{@code pipeline-<app>}</td></tr>
 *   <tr><td>{@code PIPELINE_INSTANCE_ID} / {@code instance.id}</td><td>host name</td></tr>
 *   <tr><td>{@code PIPELINE_HTTP_HOST} / {@code http.host}</td><td>{@code 0.0.0.0}</td></tr>
 *   <tr><td>{@code PIPELINE_HTTP_PORT} / {@code http.port}</td><td>the app's port</td></tr>
 *   <tr><td>{@code PIPELINE_ADVERTISED_HOST} / {@code advertised.host}</td><td>{@code localhost}</td></tr>
 *   <tr><td>{@code PIPELINE_STATE_DIR} / {@code state.dir}</td><td>{@code ./.pipeline/state}</td></tr>
 *   <tr><td>{@code PIPELINE_PROCESSING_GUARANTEE} / {@code processing.guarantee}</td><td>{@code exactly_once_v2}</td></tr>
 *   <tr><td>{@code PIPELINE_STREAM_THREADS} / {@code stream.threads}</td><td>2</td></tr>
 *   <tr><td>{@code PIPELINE_STANDBY_REPLICAS} / {@code standby.replicas}</td><td>0</td></tr>
 *   <tr><td>{@code PIPELINE_ROCKSDB_MEMORY_MB} / {@code rocksdb.memory.mb}</td><td>128</td></tr>
 *   <tr><td>{@code PIPELINE_COMMIT_INTERVAL} / {@code commit.interval}</td><td>{@code 100ms}</td></tr>
 *   <tr><td>{@code PIPELINE_CACHE_MAX_BYTES} / {@code cache.max.bytes}</td><td>10 MiB</td></tr>
 *   <tr><td>{@code PIPELINE_STARTUP_TIMEOUT} / {@code startup.timeout}</td><td>{@code 120s}</td></tr>
 *   <tr><td>{@code PIPELINE_KAFKA_*} / {@code kafka.*}</td><td>passed to every Kafka client as is</td></tr>
 * </table>
 *
 * @param app the app's short name, e.g. {@code clickstream}; prefixes its topics and meters
 * @param applicationId the Kafka Streams application id (consumer group, internal topic prefix)
 * @param bootstrapServers the Kafka bootstrap address list
 * @param instanceId this instance's name in metrics and client ids
 * @param httpHost the address the HTTP server binds
 * @param httpPort the HTTP server's port; 0 picks a free one
 * @param advertisedHost the host other instances use to reach this one (Kafka Streams {@code application.server})
 * @param stateDir where Kafka Streams keeps its RocksDB stores
 * @param guarantee exactly-once or at-least-once processing
 * @param streamThreads Kafka Streams threads in this instance
 * @param standbyReplicas warm copies of each state store on other instances
 * @param rocksDbMemoryBytes the one bound on RocksDB memory: block cache and memtables of all stores
 * @param commitInterval how often offsets and transactions commit
 * @param cacheMaxBytes the record cache across threads, which also batches downstream updates
 * @param startupTimeout how long start-up may take to reach RUNNING before the app gives up
 * @param kafka extra client settings (TLS, SASL, tuning) for every Kafka client the app creates
 * @param source the source the record was read from, for app-specific settings
 */
public record PipelineConfig(
        String app,
        String applicationId,
        String bootstrapServers,
        String instanceId,
        String httpHost,
        int httpPort,
        String advertisedHost,
        Path stateDir,
        ProcessingGuarantee guarantee,
        int streamThreads,
        int standbyReplicas,
        long rocksDbMemoryBytes,
        Duration commitInterval,
        long cacheMaxBytes,
        Duration startupTimeout,
        Map<String, String> kafka,
        ConfigSource source) {

    /** Kafka Streams' processing guarantees. */
    public enum ProcessingGuarantee {
        EXACTLY_ONCE_V2("exactly_once_v2"),
        AT_LEAST_ONCE("at_least_once");

        private final String streamsValue;

        ProcessingGuarantee(String streamsValue) {
            this.streamsValue = streamsValue;
        }

        /** The value of {@code processing.guarantee} in Kafka Streams' config. */
        public String streamsValue() {
            return streamsValue;
        }
    }

    public PipelineConfig {
        kafka = Map.copyOf(kafka);
    }

    /**
     * Reads and checks the shared settings for {@code app}.
     *
     * @throws ConfigException naming the first bad setting
     */
    public static PipelineConfig load(String app, int defaultHttpPort, ConfigSource unscoped) {
        ConfigSource source = unscoped.scoped(app);
        String bootstrap = source.getString("bootstrap.servers", "localhost:9092");
        checkBootstrap(bootstrap);
        long rocksMb = source.getLong("rocksdb.memory.mb", 128, 16, 1L << 20);
        return new PipelineConfig(
                app,
                source.getString("application.id", "pipeline-" + app),
                bootstrap,
                source.getString("instance.id", hostName()),
                source.getString("http.host", "0.0.0.0"),
                source.getInt("http.port", defaultHttpPort, 0, 65_535),
                source.getString("advertised.host", "localhost"),
                Path.of(source.getString("state.dir", Path.of(".pipeline", "state").toString())),
                source.getEnum("processing.guarantee", ProcessingGuarantee.class, ProcessingGuarantee.EXACTLY_ONCE_V2),
                source.getInt("stream.threads", 2, 1, 64),
                source.getInt("standby.replicas", 0, 0, 8),
                rocksMb * 1024 * 1024,
                source.getDuration("commit.interval", Duration.ofMillis(100), Duration.ofMillis(1)),
                source.getLong("cache.max.bytes", 10L * 1024 * 1024, 0, Long.MAX_VALUE),
                source.getDuration("startup.timeout", Duration.ofSeconds(120), Duration.ofSeconds(1)),
                source.withPrefix("kafka"),
                source);
    }

    /** Reads the settings for {@code app} from this process's environment. */
    public static PipelineConfig fromEnvironment(String app, int defaultHttpPort) {
        return load(app, defaultHttpPort, ConfigSource.fromEnvironment());
    }

    /** The Kafka Streams {@code application.server} value: where this instance answers queries. */
    public String applicationServer(int boundPort) {
        return advertisedHost + ":" + boundPort;
    }

    /**
     * Base settings for any Kafka client this app creates outside Kafka Streams: the bootstrap address and
     * the {@code kafka.*} pass-through settings (TLS, SASL).
     */
    public Map<String, Object> clientProperties() {
        Map<String, Object> props = new java.util.HashMap<>();
        props.put("bootstrap.servers", bootstrapServers);
        props.putAll(kafka);
        return props;
    }

    private static void checkBootstrap(String bootstrap) {
        for (String address : bootstrap.split(",")) {
            String a = address.trim();
            int colon = a.lastIndexOf(':');
            boolean ok = colon > 0 && colon < a.length() - 1;
            if (ok) {
                try {
                    int port = Integer.parseInt(a.substring(colon + 1));
                    ok = port > 0 && port <= 65_535;
                } catch (NumberFormatException e) {
                    ok = false;
                }
            }
            if (!ok) {
                throw new ConfigException("bootstrap.servers",
                        "got '" + bootstrap + "'; expected a comma-separated list of host:port");
            }
        }
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "instance-" + ProcessHandle.current().pid();
        }
    }
}
