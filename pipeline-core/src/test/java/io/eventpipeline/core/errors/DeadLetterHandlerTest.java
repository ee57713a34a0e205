package io.eventpipeline.core.errors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eventpipeline.core.CountingTopology;
import io.eventpipeline.core.TestEvent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DeadLetterHandlerTest {

    private static final String DLQ = "test.dlq";
    private final Map<DeadLetterReason, Integer> counted = new EnumMap<>(DeadLetterReason.class);
    private TopologyTestDriver driver;
    private TestInputTopic<String, String> rawInput;
    private TestOutputTopic<String, Long> counts;
    private TestOutputTopic<byte[], byte[]> deadLetters;

    @BeforeEach
    void setUp() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "dlq-test");
        props.put(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, DLQ);
        props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandler.class.getName());
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandler.class.getName());
        props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0);
        props.put(DeadLetterHandler.APP_CONFIG, "test");
        props.put(DeadLetterHandler.COUNTER_CONFIG, (DeadLetterCounter) (app, reason) -> counted.merge(reason, 1, Integer::sum));
        driver = new TopologyTestDriver(CountingTopology.build(new StreamsBuilder(), TestEvent.EVENTS), props);
        rawInput = driver.createInputTopic(TestEvent.EVENTS.name(), new StringSerializer(), new StringSerializer());
        counts = driver.createOutputTopic(CountingTopology.COUNTS.name(), CountingTopology.COUNTS.keySerde().deserializer(),
                CountingTopology.COUNTS.valueSerde().deserializer());
        deadLetters = driver.createOutputTopic(DLQ, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    @AfterEach
    void tearDown() {
        driver.close();
    }

    @Test
    void shouldSendMalformedJsonToTheDeadLetterTopicAndGoOn() {
        Instant t = Instant.parse("2026-11-22T10:00:00Z");
        rawInput.pipeInput("a", "{\"id\":\"1\",\"key\":\"a\",\"amount\":1}", t);
        rawInput.pipeInput("a", "{broken", t.plusMillis(1));
        rawInput.pipeInput("a", "{\"id\":\"3\",\"key\":\"a\",\"amount\":2}", t.plusMillis(2));

        assertEquals(java.util.List.of(1L, 2L), counts.readValuesToList());
        TestRecord<byte[], byte[]> dead = deadLetters.readRecord();
        assertEquals("{broken", new String(dead.value(), StandardCharsets.UTF_8));
        assertEquals("a", new String(dead.key(), StandardCharsets.UTF_8));
        Headers headers = dead.headers();
        assertEquals("malformed", DeadLetterHeaders.get(headers, DeadLetterHeaders.REASON));
        assertEquals("test", DeadLetterHeaders.get(headers, DeadLetterHeaders.APP));
        assertEquals(TestEvent.EVENTS.name(), DeadLetterHeaders.get(headers, DeadLetterHeaders.TOPIC));
        assertEquals("0", DeadLetterHeaders.get(headers, DeadLetterHeaders.PARTITION));
        assertEquals("1", DeadLetterHeaders.get(headers, DeadLetterHeaders.OFFSET));
        assertEquals("org.apache.kafka.common.errors.SerializationException",
                DeadLetterHeaders.get(headers, DeadLetterHeaders.EXCEPTION));
        assertTrue(DeadLetterHeaders.get(headers, DeadLetterHeaders.MESSAGE).startsWith("malformed TestEvent JSON"));
        assertTrue(deadLetters.isEmpty());
        assertTrue(counts.isEmpty());
        assertEquals(Map.of(DeadLetterReason.MALFORMED, 1), counted);
    }

    @Test
    void shouldSendAnInvalidEventWithItsBrokenRule() {
        rawInput.pipeInput("b", "{\"id\":\"1\",\"key\":\"b\",\"amount\":-5}", Instant.parse("2026-11-22T10:00:00Z"));

        TestRecord<byte[], byte[]> dead = deadLetters.readRecord();
        assertEquals("invalid", DeadLetterHeaders.get(dead.headers(), DeadLetterHeaders.REASON));
        assertTrue(DeadLetterHeaders.get(dead.headers(), DeadLetterHeaders.MESSAGE).contains("amount out of range"));
        assertTrue(deadLetters.isEmpty());
        assertTrue(counts.isEmpty());
        assertEquals(Map.of(DeadLetterReason.INVALID, 1), counted);
    }

    @Test
    void shouldSendARecordWhoseProcessingThrowsWithItsOriginalBytes() {
        String unlucky = "{\"id\":\"1\",\"key\":\"c\",\"amount\":13}";
        rawInput.pipeInput("c", unlucky, Instant.parse("2026-11-22T10:00:00Z"));
        rawInput.pipeInput("c", "{\"id\":\"2\",\"key\":\"c\",\"amount\":1}", Instant.parse("2026-11-22T10:00:01Z"));

        assertEquals(java.util.List.of(1L), counts.readValuesToList());
        TestRecord<byte[], byte[]> dead = deadLetters.readRecord();
        assertEquals(unlucky, new String(dead.value(), StandardCharsets.UTF_8));
        assertEquals("processing-failed", DeadLetterHeaders.get(dead.headers(), DeadLetterHeaders.REASON));
        assertEquals("java.lang.IllegalArgumentException", DeadLetterHeaders.get(dead.headers(), DeadLetterHeaders.EXCEPTION));
        assertEquals("0", DeadLetterHeaders.get(dead.headers(), DeadLetterHeaders.OFFSET));
        assertTrue(deadLetters.isEmpty());
        assertEquals(Map.of(DeadLetterReason.PROCESSING_FAILED, 1), counted);
    }
}
