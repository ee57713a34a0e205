package io.eventpipeline.iot;

import io.eventpipeline.core.app.PipelineApp;
import io.eventpipeline.core.app.StreamsAppDefinition;
import io.eventpipeline.core.archive.ArchiveSettings;
import io.eventpipeline.core.archive.Archiver;
import io.eventpipeline.core.config.PipelineConfig;
import io.eventpipeline.core.http.Routes;
import io.eventpipeline.core.metrics.BusinessMeters;
import io.eventpipeline.core.metrics.PipelineMetrics;
import io.eventpipeline.core.metrics.TrafficCounter;
import io.eventpipeline.core.query.InteractiveQueries;
import io.eventpipeline.core.reactive.ReactiveKafka;
import io.eventpipeline.core.reactive.SourceOptions;
import io.eventpipeline.core.topic.Topic;
import io.eventpipeline.core.flow.FlowQueries;
import io.eventpipeline.core.topic.TopicSpec;
import io.eventpipeline.iot.hvac.HvacConfig;
import io.eventpipeline.iot.metrics.IotMeters;
import io.eventpipeline.iot.hvac.HvacFlow;
import io.eventpipeline.iot.query.IotQueries;
import io.eventpipeline.iot.topology.IotTopology;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;

/** The IoT app: what it reads and writes, its topology, its archive and its queries. Default HTTP port 8082. */
public final class IotApp implements StreamsAppDefinition {

    public static final int DEFAULT_PORT = 8082;

    public static void main(String[] args) {
        PipelineApp.run(new IotApp());
    }

    @Override
    public String name() {
        return IotTopics.APP;
    }

    @Override
    public BusinessMeters businessMeters(MeterRegistry registry, PipelineConfig config) {
        return new IotMeters(registry);
    }

    @Override
    public int defaultHttpPort() {
        return DEFAULT_PORT;
    }

    @Override
    public void validateSettings(PipelineConfig config) {
        IotConfig.from(config);
    }

    @Override
    public List<TopicSpec> topics(PipelineConfig config) {
        int partitions = IotConfig.from(config).partitions();
        return List.of(TopicSpec.of(IotTopics.READINGS, partitions), TopicSpec.compacted(IotTopics.DEVICES.name(), partitions),
                TopicSpec.of(IotTopics.ALERTS, partitions), TopicSpec.of(IotTopics.DASHBOARD, 1),
                TopicSpec.of(IotTopics.HVAC_COMMANDS, partitions), TopicSpec.of(IotTopics.DEVICE_COMMANDS, partitions),
                TopicSpec.of(IotTopics.HVAC_VERIFICATIONS, partitions), TopicSpec.of(IotTopics.HVAC_REPLIES, partitions),
                TopicSpec.of(IotTopics.HVAC_OUTCOMES, partitions), TopicSpec.of(IotTopics.DEAD_LETTERS, 1));
    }

    @Override
    public Topology topology(PipelineConfig config) {
        return IotTopology.build(new StreamsBuilder(), IotConfig.from(config));
    }

    /** The archive of raw readings, as received. */
    @Override
    public List<AutoCloseable> startServices(PipelineConfig config, PipelineMetrics metrics) {
        IotConfig settings = IotConfig.from(config);
        if (!settings.archiving()) {
            return List.of();
        }
        var source = ReactiveKafka.source(config.clientProperties(), Topic.raw(IotTopics.READINGS.name()),
                SourceOptions.of(name(), config.applicationId() + "-archive", deadLetterTopic())
                        .withCounters(metrics, TrafficCounter.NONE).withClientMetrics(metrics.registry()));
        return List.of(new Archiver(source, IotTopics.READINGS.name(), ArchiveSettings.in(Path.of(settings.archiveDir()))).start());
    }

    @Override
    public List<String> exampleQueries() {
        return List.of("/devices/dev-0", "/rooms/site-0:room-0", "/alerts/active");
    }

    @Override
    public String deadLetterTopic() {
        return IotTopics.DEAD_LETTERS;
    }

    @Override
    public void routes(Routes routes, InteractiveQueries queries, PipelineConfig config) {
        new IotQueries(queries, Clock.systemUTC()).addTo(routes);
        HvacConfig hvac = IotConfig.from(config).hvac();
        if (hvac.enabled()) {
            new FlowQueries(queries, HvacFlow.definition(hvac)).addTo(routes);
        }
    }
}
