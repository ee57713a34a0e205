package io.eventpipeline.clickstream;

import io.eventpipeline.clickstream.query.ClickstreamQueries;
import io.eventpipeline.clickstream.topology.ClickstreamTopology;
import io.eventpipeline.core.app.PipelineApp;
import io.eventpipeline.core.archive.ArchiveSettings;
import io.eventpipeline.core.archive.Archiver;
import io.eventpipeline.clickstream.metrics.ClickstreamMeters;
import io.eventpipeline.core.metrics.BusinessMeters;
import io.eventpipeline.core.metrics.PipelineMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.eventpipeline.core.metrics.TrafficCounter;
import io.eventpipeline.core.reactive.ReactiveKafka;
import io.eventpipeline.core.reactive.SourceOptions;
import io.eventpipeline.core.topic.Topic;
import java.nio.file.Path;
import io.eventpipeline.core.app.StreamsAppDefinition;
import io.eventpipeline.core.config.PipelineConfig;
import io.eventpipeline.core.http.Routes;
import io.eventpipeline.core.query.InteractiveQueries;
import io.eventpipeline.core.topic.TopicSpec;
import java.time.Clock;
import java.util.List;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;

/** The clickstream app: what it reads and writes, its topology and its queries. Default HTTP port 8081. */
public final class ClickstreamApp implements StreamsAppDefinition {

    public static final int DEFAULT_PORT = 8081;

    public static void main(String[] args) {
        PipelineApp.run(new ClickstreamApp());
    }

    @Override
    public String name() {
        return ClickstreamTopics.APP;
    }

    @Override
    public BusinessMeters businessMeters(MeterRegistry registry, PipelineConfig config) {
        return new ClickstreamMeters(registry, Clock.systemUTC());
    }

    @Override
    public int defaultHttpPort() {
        return DEFAULT_PORT;
    }

    @Override
    public void validateSettings(PipelineConfig config) {
        ClickstreamConfig.from(config);
    }

    @Override
    public List<TopicSpec> topics(PipelineConfig config) {
        int partitions = ClickstreamConfig.from(config).partitions();
        return List.of(TopicSpec.of(ClickstreamTopics.EVENTS, partitions), TopicSpec.of(ClickstreamTopics.ALERTS, partitions),
                TopicSpec.of(ClickstreamTopics.DASHBOARD, 1), TopicSpec.of(ClickstreamTopics.SESSIONS, partitions),
                TopicSpec.of(ClickstreamTopics.DEAD_LETTERS, 1));
    }

    @Override
    public Topology topology(PipelineConfig config) {
        return ClickstreamTopology.build(new StreamsBuilder(), ClickstreamConfig.from(config));
    }

    /** The compliance archive: every raw event of {@code clickstream.events}, as received. */
    @Override
    public List<AutoCloseable> startServices(PipelineConfig config, PipelineMetrics metrics) {
        ClickstreamConfig settings = ClickstreamConfig.from(config);
        if (!settings.archiving()) {
            return List.of();
        }
        var source = ReactiveKafka.source(config.clientProperties(), Topic.raw(ClickstreamTopics.EVENTS.name()),
                SourceOptions.of(name(), config.applicationId() + "-archive", deadLetterTopic()).withCounters(metrics, TrafficCounter.NONE)
                        .withClientMetrics(metrics.registry()));
        return List.of(new Archiver(source, ClickstreamTopics.EVENTS.name(), ArchiveSettings.in(Path.of(settings.archiveDir()))).start());
    }

    @Override
    public List<String> exampleQueries() {
        return List.of("/pages/top?window=1m", "/pages/top?window=5m", "/pages/trending", "/users/u-0/session",
                "/pages/%2F/related");
    }

    @Override
    public String deadLetterTopic() {
        return ClickstreamTopics.DEAD_LETTERS;
    }

    @Override
    public void routes(Routes routes, InteractiveQueries queries, PipelineConfig config) {
        new ClickstreamQueries(queries, ClickstreamConfig.from(config), Clock.systemUTC()).addTo(routes);
    }
}
