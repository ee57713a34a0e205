package io.eventpipeline.core.reactive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eventpipeline.core.KafkaProbe;
import io.eventpipeline.core.TestEvent;
import io.eventpipeline.core.errors.DeadLetterHeaders;
import io.eventpipeline.core.topic.Topic;
import io.eventpipeline.core.topic.TopicAdmin;
import io.eventpipeline.core.topic.TopicSpec;
import io.eventpipeline.core.trace.TraceContext;
import io.eventpipeline.localkafka.LocalKafkaBroker;
import io.eventpipeline.localkafka.LocalKafkaExtension;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Flux;

/** EventSink to EventSource through the real broker: nothing lost, nothing duplicated, bad records dead-lettered. */
@ExtendWith(LocalKafkaExtension.class)
class ReactiveRoundTripIT {

    private static final int EVENTS = 100_000;

    @Test
    void shouldDeliverEveryEventOnceAndDeadLetterUnreadableRecords(LocalKafkaBroker broker) {
        String run = "roundtrip-" + Long.toHexString(System.nanoTime());
        Topic<String, TestEvent> topic = Topic.json(run + ".events", TestEvent.class);
        String deadLetterTopic = run + ".dlq";
        Map<String, Object> client = Map.of("bootstrap.servers", broker.bootstrapServers());
        TopicAdmin.ensure(client, List.of(TopicSpec.of(topic, 6), TopicSpec.of(deadLetterTopic, 1)));

        // An unreadable record first: the source handles records in order, so it is dead-lettered
        // before the last good event is emitted.
        KafkaProbe.produceStrings(broker.bootstrapServers(), topic.name(), List.<String[]>of(new String[] {"bad", "{oops"}));

        // Send 100,000 events through the sink; every one must be acknowledged.
        AtomicInteger acknowledged = new AtomicInteger();
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        try (EventSink<String, TestEvent> sink = ReactiveKafka.sink(client, topic,
                SinkOptions.named(run + "-sink").withClientMetrics(meters))) {
            sink.send(Flux.range(0, EVENTS).map(i -> Outbound.of("k" + (i % 97), new TestEvent(String.valueOf(i), "k" + (i % 97), i % 100))))
                    .doOnNext(result -> {
                        assertTrue(result.ok(), () -> "send failed: " + result.error());
                        acknowledged.incrementAndGet();
                    })
                    .blockLast(Duration.ofSeconds(120));
            assertTrue(hasMeter(meters, "kafka.producer."), "the producer's client metrics are bound");
        }
        assertEquals(EVENTS, acknowledged.get());

        // Read them back: every id exactly once, the bad record never emitted.
        BitSet seen = new BitSet(EVENTS);
        AtomicInteger duplicates = new AtomicInteger();
        AtomicInteger untraced = new AtomicInteger();
        EventSource<String, TestEvent> source = ReactiveKafka.source(client, topic,
                SourceOptions.of("test", run + "-group", deadLetterTopic).withClientMetrics(meters));
        AtomicInteger consumerMetricsSeen = new AtomicInteger();
        source.receive()
                .doOnNext(inbound -> {
                    int id = Integer.parseInt(inbound.value().id());
                    if (seen.get(id)) {
                        duplicates.incrementAndGet();
                    }
                    seen.set(id);
                    if (inbound.trace().isEmpty()) {
                        untraced.incrementAndGet();
                    }
                    inbound.acknowledge();
                    if (seen.cardinality() == EVENTS && hasMeter(meters, "kafka.consumer.")) {
                        consumerMetricsSeen.incrementAndGet();
                    }
                })
                .take(EVENTS)
                .blockLast(Duration.ofSeconds(120));
        assertEquals(EVENTS, seen.cardinality(), "every event delivered");
        assertEquals(0, duplicates.get(), "no event delivered twice");
        assertEquals(0, untraced.get(), "every event carries a traceparent");
        assertEquals(1, consumerMetricsSeen.get(), "the consumer's client metrics are bound");

        var dead = KafkaProbe.readUntil(broker.bootstrapServers(), deadLetterTopic, new ByteArrayDeserializer(),
                new ByteArrayDeserializer(), Duration.ofSeconds(60), records -> !records.isEmpty(), "the dead letter");
        assertEquals(1, dead.size());
        assertEquals("malformed", DeadLetterHeaders.get(dead.get(0).headers(), DeadLetterHeaders.REASON));
        assertEquals(topic.name(), DeadLetterHeaders.get(dead.get(0).headers(), DeadLetterHeaders.TOPIC));
        assertFalse(DeadLetterHeaders.get(dead.get(0).headers(), DeadLetterHeaders.OFFSET).isBlank());
    }

    private static boolean hasMeter(SimpleMeterRegistry meters, String prefix) {
        return meters.getMeters().stream().anyMatch(m -> m.getId().getName().startsWith(prefix));
    }

    @Test
    void shouldContinueTheTraceOfTheCause(LocalKafkaBroker broker) {
        String run = "trace-" + Long.toHexString(System.nanoTime());
        Topic<String, TestEvent> in = Topic.json(run + ".in", TestEvent.class);
        Topic<String, TestEvent> out = Topic.json(run + ".out", TestEvent.class);
        Map<String, Object> client = Map.of("bootstrap.servers", broker.bootstrapServers());
        TopicAdmin.ensure(client, List.of(TopicSpec.of(in, 1), TopicSpec.of(out, 1), TopicSpec.of(run + ".dlq", 1)));
        try (EventSink<String, TestEvent> inSink = ReactiveKafka.sink(client, in, SinkOptions.named(run + "-in"));
             EventSink<String, TestEvent> outSink = ReactiveKafka.sink(client, out, SinkOptions.named(run + "-out"))) {
            inSink.send(Flux.just(Outbound.of("k", new TestEvent("1", "k", 1)))).blockLast(Duration.ofSeconds(30));
            Inbound<String, TestEvent> cause = ReactiveKafka.source(client, in, SourceOptions.of("test", run, run + ".dlq"))
                    .receive().next().block(Duration.ofSeconds(60));
            outSink.send(Flux.just(Outbound.causedBy(cause, "k", cause.value()))).blockLast(Duration.ofSeconds(30));

            var derived = KafkaProbe.readUntil(broker.bootstrapServers(), out.name(), new ByteArrayDeserializer(),
                    new ByteArrayDeserializer(), Duration.ofSeconds(30), records -> !records.isEmpty(), "the derived event");
            TraceContext causeTrace = cause.trace().orElseThrow();
            TraceContext derivedTrace = TraceContext.from(derived.get(0).headers()).orElseThrow();
            assertEquals(causeTrace.traceId(), derivedTrace.traceId(), "same correlation id");
            assertEquals(in.name() + "/0/0", TraceContext.causation(derived.get(0).headers()).orElseThrow());
        }
    }
}
