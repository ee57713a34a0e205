package io.eventpipeline.clickstream;

import io.eventpipeline.clickstream.query.ClickstreamQueries;
import io.eventpipeline.clickstream.topology.ClickstreamTopology;
import io.eventpipeline.core.app.PipelineApp;
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
