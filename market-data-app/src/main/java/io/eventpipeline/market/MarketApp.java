package io.eventpipeline.market;

import io.eventpipeline.core.metrics.BusinessMeters;
import io.eventpipeline.market.metrics.MarketMeters;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import io.eventpipeline.core.app.PipelineApp;
import io.eventpipeline.core.app.StreamsAppDefinition;
import io.eventpipeline.core.config.PipelineConfig;
import io.eventpipeline.core.flow.FlowQueries;
import io.eventpipeline.core.http.Routes;
import io.eventpipeline.core.query.InteractiveQueries;
import io.eventpipeline.core.topic.TopicSpec;
import io.eventpipeline.market.query.MarketQueries;
import io.eventpipeline.market.topology.MarketTopology;
import io.eventpipeline.market.trading.PositionQueries;
import io.eventpipeline.market.trading.TradeFlow;
import io.eventpipeline.market.trading.TradingConfig;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;

/** The market-data app: what it reads and writes, its topology and its queries. Default HTTP port 8083. */
public final class MarketApp implements StreamsAppDefinition {

    public static final int DEFAULT_PORT = 8083;

    public static void main(String[] args) {
        PipelineApp.run(new MarketApp());
    }

    @Override
    public String name() {
        return MarketTopics.APP;
    }

    @Override
    public BusinessMeters businessMeters(MeterRegistry registry, PipelineConfig config) {
        return new MarketMeters(registry, Clock.systemUTC());
    }

    /**
     * Tasks never wait for an empty input partition ({@code max.task.idle.ms} -1): only the trade flows'
     * tasks read two topics (flow starts and replies), whose order across the two is not by event time.
     * Kafka Streams 4.3 formats a log line per partition for every task that is not waited for, at every
     * step of its loop, whether or not trace logging is on: 3 % of the market's stream threads (JFR).
     */
    @Override
    public Map<String, Object> streamsSettings(PipelineConfig config) {
        return Map.of(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, StreamsConfig.MAX_TASK_IDLE_MS_DISABLED);
    }

    @Override
    public int defaultHttpPort() {
        return DEFAULT_PORT;
    }

    @Override
    public void validateSettings(PipelineConfig config) {
        MarketConfig.from(config);
    }

    @Override
    public List<TopicSpec> topics(PipelineConfig config) {
        int partitions = MarketConfig.from(config).partitions();
        return List.of(TopicSpec.of(MarketTopics.TICKS, partitions), TopicSpec.of(MarketTopics.CANDLES, partitions),
                TopicSpec.of(MarketTopics.SIGNALS, partitions), TopicSpec.of(MarketTopics.ALERTS, partitions),
                TopicSpec.of(MarketTopics.DASHBOARD, 1), TopicSpec.of(MarketTopics.RISK_COMMANDS, partitions),
                TopicSpec.of(MarketTopics.ORDERS, partitions), TopicSpec.of(MarketTopics.NOTICES, partitions),
                TopicSpec.of(MarketTopics.TRADE_REPLIES, partitions), TopicSpec.of(MarketTopics.TRADES, partitions),
                TopicSpec.of(MarketTopics.DEAD_LETTERS, 1));
    }

    @Override
    public Topology topology(PipelineConfig config) {
        return MarketTopology.build(new StreamsBuilder(), MarketConfig.from(config));
    }

    @Override
    public List<String> exampleQueries() {
        return List.of("/symbols/AAA/latest", "/symbols/AAA/candles?interval=1m", "/symbols/AAA/indicators", "/movers", "/flows?status=RUNNING");
    }

    @Override
    public String deadLetterTopic() {
        return MarketTopics.DEAD_LETTERS;
    }

    @Override
    public void routes(Routes routes, InteractiveQueries queries, PipelineConfig config) {
        new MarketQueries(queries).addTo(routes);
        TradingConfig trading = MarketConfig.from(config).trading();
        if (trading.enabled()) {
            new FlowQueries(queries, TradeFlow.definition(trading)).addTo(routes);
            new PositionQueries(queries).addTo(routes);
        }
    }
}
