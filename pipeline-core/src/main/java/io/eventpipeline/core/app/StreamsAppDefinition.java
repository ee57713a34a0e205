package io.eventpipeline.core.app;

import io.eventpipeline.core.config.PipelineConfig;
import io.eventpipeline.core.http.Routes;
import io.eventpipeline.core.metrics.BusinessMeters;
import io.eventpipeline.core.metrics.PipelineMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.eventpipeline.core.query.InteractiveQueries;
import io.eventpipeline.core.topic.TopicSpec;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.Topology;

/**
 * What makes an app an app: its name, its topics, its topology and its query routes. {@link PipelineApp}
 * does the rest (config, metrics, dead letters, lifecycle, HTTP), the same way for every app.
 */
public interface StreamsAppDefinition {

    /** The short name, e.g. {@code clickstream}: prefixes topics, names meters and the application id. */
    String name();

    /** The HTTP port used when {@code PIPELINE_HTTP_PORT} is not set. */
    int defaultHttpPort();

    /**
     * Reads and checks the app's own settings, so that a bad one stops start-up before anything runs.
     * The default has none.
     *
     * @throws io.eventpipeline.core.config.ConfigException naming the bad key
     */
    default void validateSettings(PipelineConfig config) {
    }

    /** Topics to create at start-up when they do not exist: inputs, outputs and {@link #deadLetterTopic()}. */
    List<TopicSpec> topics(PipelineConfig config);

    /** The app's topology, a pure function of its config. */
    Topology topology(PipelineConfig config);

    /**
     * Kafka Streams settings of this app over the pipeline's own ({@link
     * io.eventpipeline.core.streams.StreamsSettings#of}); {@code PIPELINE_KAFKA_*} settings still win. The
     * default has none.
     */
    default Map<String, Object> streamsSettings(PipelineConfig config) {
        return Map.of();
    }

    /**
     * Adds the app's query routes; the default adds none. Handlers read state through {@code queries},
     * which finds the instance that holds it.
     */
    default void routes(Routes routes, InteractiveQueries queries, PipelineConfig config) {
    }

    /**
     * Starts the app's services that run beside Kafka Streams (e.g. an archiver on a reactive
     * {@link io.eventpipeline.core.reactive.EventSource}); they are closed, in reverse order, before Kafka
     * Streams when the app stops. The default starts none.
     */
    default List<AutoCloseable> startServices(PipelineConfig config, PipelineMetrics metrics) {
        return List.of();
    }

    /**
     * Registers the app's business gauges on {@code registry} (tagged with app and instance like every
     * meter) and returns what sets them from the local stores; the default has none.
     */
    default BusinessMeters businessMeters(MeterRegistry registry, PipelineConfig config) {
        return stores -> {
        };
    }

    /** Example query paths, printed by the demo so a user can try them. */
    default List<String> exampleQueries() {
        return List.of();
    }

    /** Where bad records go: {@code <name>.dlq}. */
    default String deadLetterTopic() {
        return name() + ".dlq";
    }
}
