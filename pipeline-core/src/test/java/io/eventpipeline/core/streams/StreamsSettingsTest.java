package io.eventpipeline.core.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.eventpipeline.core.config.ConfigSource;
import io.eventpipeline.core.config.PipelineConfig;
import io.eventpipeline.core.errors.DeadLetterCounter;
import io.eventpipeline.core.errors.DeadLetterHandler;
import io.eventpipeline.core.flow.FlowObserver;
import io.eventpipeline.core.metrics.TrafficCounter;
import io.eventpipeline.core.streams.internal.InboundInterceptor;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

class StreamsSettingsTest {

    private static final String LINGER = StreamsConfig.producerPrefix("linger.ms");
    private static final String CONSUMER_INTERCEPTORS = StreamsConfig.mainConsumerPrefix("interceptor.classes");

    @Test
    void shouldRunEveryClientExactlyOnceWithTheProducersBatching() {
        Properties base = StreamsSettings.base(config(Map.of()));

        assertEquals("pipeline-iot", base.get(StreamsConfig.APPLICATION_ID_CONFIG));
        assertEquals(StreamsConfig.EXACTLY_ONCE_V2, base.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG));
        assertEquals(2, base.get(StreamsConfig.NUM_STREAM_THREADS_CONFIG));
        assertEquals(100, base.get(LINGER), "exactly-once: read at the commit, not sooner");
        assertEquals("snappy", base.get(StreamsConfig.producerPrefix("compression.type")));
        assertEquals(5, StreamsSettings.base(config(Map.of("processing.guarantee", "at_least_once"))).get(LINGER));
        // What the topologies are built with, and no source-topic reuse.
        assertEquals(StreamsSettings.topology().get(StreamsConfig.TOPOLOGY_OPTIMIZATION_CONFIG),
                base.get(StreamsConfig.TOPOLOGY_OPTIMIZATION_CONFIG));
        assertEquals("merge.repartition.topics,single.store.self.join", StreamsSettings.OPTIMIZATIONS);
        assertFalse(base.containsKey(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG));
        assertFalse(base.containsKey(CONSUMER_INTERCEPTORS));
        assertFalse(base.containsKey(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG));
    }

    @Test
    void shouldGiveThePartitionAssignorTheGlobalHandlerSettingItWarnsWithout() {
        // The assignor builds its StreamsConfig from the main consumer's settings, which keep consumer keys only.
        Map<String, Object> assignor = new StreamsConfig(StreamsSettings.base(config(Map.of())))
                .getMainConsumerConfigs("pipeline-iot", "pipeline-iot-1-consumer", 0);

        assertEquals(true, assignor.get(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG));
        assertEquals(true, new StreamsConfig(assignor).getBoolean(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG));
    }

    @Test
    void shouldAddTheDeadLetterHandlersMemoryAndInterceptorsForAnApp() {
        Properties app = app(config(Map.of()));

        assertEquals("iot.dlq", app.get(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG));
        assertEquals(DeadLetterHandler.class.getName(), app.get(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG));
        assertEquals(DeadLetterHandler.class.getName(), app.get(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG));
        assertEquals(BoundedMemoryRocksDbConfig.class.getName(), app.get(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG));
        assertEquals(InboundInterceptor.class.getName(), app.get(CONSUMER_INTERCEPTORS));
        assertEquals("127.0.0.1:8082", app.get(StreamsConfig.APPLICATION_SERVER_CONFIG));
        assertEquals(100, app.get(LINGER));
    }

    @Test
    void shouldLetThePassThroughSettingsWinOverEveryDefault() {
        PipelineConfig config = config(Map.of("kafka." + LINGER, "20", "kafka." + CONSUMER_INTERCEPTORS, ""));

        assertEquals("20", StreamsSettings.base(config).get(LINGER));
        Properties app = app(config);
        assertEquals("20", app.get(LINGER));
        assertEquals("", app.get(CONSUMER_INTERCEPTORS));
    }

    @Test
    void shouldApplyTheAppsOwnSettingsBelowThePassThroughOnes() {
        String idle = StreamsConfig.MAX_TASK_IDLE_MS_CONFIG;
        String threads = StreamsConfig.NUM_STREAM_THREADS_CONFIG;
        Map<String, Object> own = Map.of(idle, -1L, threads, 3);
        Properties app = StreamsSettings.of(config(Map.of("kafka." + threads, "4")), own, "iot.dlq", null,
                new RocksDbMemory(64L * 1024 * 1024), DeadLetterCounter.NONE, TrafficCounter.NONE, FlowObserver.NONE);

        assertEquals(-1L, app.get(idle));
        assertEquals("4", app.get(threads));
    }

    private static Properties app(PipelineConfig config) {
        return StreamsSettings.of(config, Map.of(), "iot.dlq", "127.0.0.1:8082", new RocksDbMemory(64L * 1024 * 1024),
                DeadLetterCounter.NONE, TrafficCounter.NONE, FlowObserver.NONE);
    }

    private static PipelineConfig config(Map<String, String> properties) {
        return PipelineConfig.load("iot", 8082, ConfigSource.of(Map.of(), properties));
    }
}
