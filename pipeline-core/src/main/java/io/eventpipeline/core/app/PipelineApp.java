package io.eventpipeline.core.app;

import io.eventpipeline.core.config.ConfigException;
import io.eventpipeline.core.config.ConfigSource;
import io.eventpipeline.core.config.PipelineConfig;
import io.eventpipeline.core.http.Health;
import io.eventpipeline.core.http.PipelineHttpServer;
import io.eventpipeline.core.flow.FlowMetrics;
import io.eventpipeline.core.metrics.BusinessMeterRefresher;
import io.eventpipeline.core.metrics.PipelineMeters;
import io.eventpipeline.core.metrics.PipelineMetrics;
import io.eventpipeline.core.streams.RocksDbMemory;
import io.eventpipeline.core.streams.StreamsRunner;
import io.eventpipeline.core.streams.StreamsSettings;
import io.eventpipeline.core.topic.TopicAdmin;
import io.micrometer.core.instrument.Gauge;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import io.eventpipeline.core.query.InteractiveQueries;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running app instance: metrics, topics, Kafka Streams and the HTTP endpoint, started in that order
 * and closed in reverse. The HTTP server starts first so that {@code application.server} names the port
 * it actually bound, and so that {@code /health/live} answers while Kafka Streams restores state.
 *
 * <p>{@link #run(StreamsAppDefinition)} is an app's whole {@code main}: read config from the environment,
 * start, wait for SIGTERM or Ctrl-C, close cleanly. A bad setting ends it with exit code 2 and a message
 * naming the key.
 */
public final class PipelineApp implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PipelineApp.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private final StreamsAppDefinition definition;
    private final PipelineConfig config;
    private final PipelineMetrics metrics;
    private final RocksDbMemory rocksDbMemory;
    private final PipelineHttpServer http;
    private final StreamsRunner streams;
    private final InteractiveQueries queries;
    private final List<AutoCloseable> services = new ArrayList<>();

    private PipelineApp(StreamsAppDefinition definition, PipelineConfig config) {
        this.definition = definition;
        this.config = config;
        this.metrics = new PipelineMetrics(definition.name(), config.instanceId());
        AtomicReference<StreamsRunner> runner = new AtomicReference<>();
        AtomicReference<KafkaStreams> streamsForQueries = new AtomicReference<>();
        AtomicReference<HostInfo> self = new AtomicReference<>();
        InteractiveQueries queries = new InteractiveQueries(streamsForQueries::get, self::get);
        this.queries = queries;
        RocksDbMemory memory = null;
        PipelineHttpServer server = null;
        try {
            TopicAdmin.ensure(config.clientProperties(), definition.topics(config));
            memory = new RocksDbMemory(config.rocksDbMemoryBytes());
            server = PipelineHttpServer.start(config.httpHost(), config.httpPort(), metrics, health(runner),
                    routes -> definition.routes(routes, queries, config));
            self.set(new HostInfo(config.advertisedHost(), server.port()));
            StreamsRunner created = new StreamsRunner(definition.topology(config),
                    StreamsSettings.of(config, definition.streamsSettings(config), definition.deadLetterTopic(),
                            config.applicationServer(server.port()), memory, metrics, metrics,
                            new FlowMetrics(metrics.registry())),
                    metrics.registry());
            runner.set(created);
            streamsForQueries.set(created.streams());
            Gauge.builder(PipelineMeters.READY, created, r -> r.isReady() ? 1 : 0)
                    .description("1 while the app is ready to serve").register(metrics.registry());
            this.rocksDbMemory = memory;
            this.http = server;
            this.streams = created;
        } catch (RuntimeException e) {
            if (server != null) {
                server.close();
            }
            if (memory != null) {
                memory.close();
            }
            metrics.close();
            throw e;
        }
    }

    /**
     * Starts an instance of {@code definition} and returns once Kafka Streams is started (not yet RUNNING;
     * see {@link #awaitReady(Duration)}).
     *
     * @throws ConfigException if an app setting is bad
     */
    public static PipelineApp start(StreamsAppDefinition definition, PipelineConfig config) {
        definition.validateSettings(config);
        PipelineApp app = new PipelineApp(definition, config);
        app.streams.start();
        try {
            app.services.add(BusinessMeterRefresher.start(definition.name(),
                    definition.businessMeters(app.metrics.registry(), config), app.queries));
            app.services.addAll(definition.startServices(config, app.metrics));
        } catch (RuntimeException e) {
            app.close();
            throw e;
        }
        LOG.info("{} started: http://{}:{} (bootstrap {})", definition.name(), config.advertisedHost(),
                app.http.port(), config.bootstrapServers());
        return app;
    }

    /** An app's {@code main}: runs {@code definition} with settings from the environment until stopped. */
    public static void run(StreamsAppDefinition definition) {
        PipelineApp app;
        try {
            PipelineConfig config = PipelineConfig.load(definition.name(), definition.defaultHttpPort(),
                    ConfigSource.fromEnvironment());
            app = start(definition, config);
        } catch (ConfigException e) {
            System.err.println("configuration error: " + e.getMessage());
            System.exit(2);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            app.close();
            stopped.countDown();
        }, definition.name() + "-shutdown"));
        try {
            app.awaitReady(app.config.startupTimeout());
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IllegalStateException e) {
            LOG.error("{} did not start: {}", definition.name(), e.getMessage());
            System.exit(1);
        }
    }

    /** Waits until Kafka Streams is RUNNING. */
    public void awaitReady(Duration timeout) {
        streams.awaitRunning(timeout);
    }

    public StreamsAppDefinition definition() {
        return definition;
    }

    public PipelineConfig config() {
        return config;
    }

    public PipelineMetrics metrics() {
        return metrics;
    }

    /** The HTTP port actually bound. */
    public int httpPort() {
        return http.port();
    }

    public StreamsRunner streams() {
        return streams;
    }

    /** Closes the app's services, HTTP, Kafka Streams, RocksDB memory and metrics, in that order. */
    @Override
    public void close() {
        for (int i = services.size() - 1; i >= 0; i--) {
            try {
                services.get(i).close();
            } catch (Exception e) {
                LOG.warn("{}: a service did not close cleanly", definition.name(), e);
            }
        }
        services.clear();
        http.close();
        if (!streams.close(CLOSE_TIMEOUT)) {
            LOG.warn("{}: Kafka Streams did not close within {} s", definition.name(), CLOSE_TIMEOUT.toSeconds());
        }
        rocksDbMemory.close();
        metrics.close();
    }

    private static Health health(AtomicReference<StreamsRunner> runner) {
        return new Health() {
            @Override
            public boolean live() {
                StreamsRunner r = runner.get();
                return r == null || r.isAlive();
            }

            @Override
            public boolean ready() {
                StreamsRunner r = runner.get();
                return r != null && r.isReady();
            }

            /** {@code state} (Kafka Streams' state) and {@code partitions}: the input partitions owned here, by topic. */
            @Override
            public Map<String, Object> details() {
                StreamsRunner r = runner.get();
                if (r == null) {
                    return Map.of("state", "STARTING");
                }
                return Map.of("state", r.state().name(), "partitions", r.ownedPartitions());
            }
        };
    }
}
