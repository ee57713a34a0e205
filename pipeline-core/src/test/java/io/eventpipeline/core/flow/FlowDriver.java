package io.eventpipeline.core.flow;

import io.eventpipeline.core.serde.JsonSerde;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;

/**
 * A test flow, {@code order}: reserve (3 attempts, backoff 1 s then 2 s; undone by release, which needs only
 * the start data, since a reserve that timed out left none) → place (2
 * attempts; undone by cancel) → fill (awaits an event, 10 s) → notify. Timeouts 5 s. Under TopologyTestDriver.
 */
final class FlowDriver implements AutoCloseable {

    static final Instant WALL = Instant.parse("2026-11-20T12:00:00Z");
    static final String APP_ID = "flow-test";

    static final FlowDefinition ORDER = FlowDefinition.of("order", "test.replies", "test.outcomes", List.of(
            FlowStep.sends("reserve", "test.reserve", data -> (String) data.get("account"), data -> Map.of("amount", data.get("amount")))
                    .withTimeout(Duration.ofSeconds(5))
                    .withAttempts(3, Backoff.exponential(Duration.ofSeconds(1), Duration.ofSeconds(4)))
                    .withCompensation("test.release", data -> Map.of("account", data.get("account"), "amount", data.get("amount"))),
            FlowStep.sends("place", "test.place", data -> (String) data.get("account"),
                            data -> Map.of("amount", data.get("amount"), "reservation", data.get("reservation")))
                    .withTimeout(Duration.ofSeconds(5))
                    .withAttempts(2, Backoff.none())
                    .withCompensation("test.cancel", data -> Map.of("reservation", data.get("reservation"))),
            FlowStep.awaits("fill").withTimeout(Duration.ofSeconds(10)),
            FlowStep.sends("notify", "test.notify", data -> (String) data.get("account"),
                    data -> Map.of("orderId", data.get("orderId"), "filled", data.get("filled")))
                    .withTimeout(Duration.ofSeconds(5))));

    final TopologyTestDriver driver;
    final TestInputTopic<String, FlowStart> starts;
    final TestInputTopic<String, FlowReply> replies;
    final Map<String, TestOutputTopic<String, FlowCommand>> commands = new HashMap<>();
    final TestOutputTopic<String, FlowOutcome> outcomes;

    FlowDriver() {
        this(FlowObserver.NONE);
    }

    FlowDriver(FlowObserver observer) {
        StreamsBuilder builder = new StreamsBuilder();
        FlowCoordinator.build(builder, ORDER, builder.stream("test.starts",
                Consumed.with(Serdes.String(), JsonSerde.of(FlowStart.class)).withName("test-source-starts")), 1);
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, APP_ID);
        props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0);
        props.put(FlowObserver.CONFIG, observer);
        driver = new TopologyTestDriver(builder.build(), props, WALL);
        starts = driver.createInputTopic("test.starts", Serdes.String().serializer(), JsonSerde.of(FlowStart.class).serializer());
        replies = driver.createInputTopic("test.replies", Serdes.String().serializer(), JsonSerde.of(FlowReply.class).serializer());
        for (String topic : ORDER.commandTopics()) {
            commands.put(topic, driver.createOutputTopic(topic, Serdes.String().deserializer(), JsonSerde.of(FlowCommand.class).deserializer()));
        }
        outcomes = driver.createOutputTopic("test.outcomes", Serdes.String().deserializer(), JsonSerde.of(FlowOutcome.class).deserializer());
    }

    void start(String flowId, Map<String, Object> data) {
        starts.pipeInput(new TestRecord<>("any-key", new FlowStart(flowId, data)));
    }

    /** The one command on {@code topic} (fails if there is not exactly one). */
    FlowCommand command(String topic) {
        List<FlowCommand> sent = commands.get("test." + topic).readValuesToList();
        if (sent.size() != 1) {
            throw new AssertionError("expected one command on test." + topic + ", got " + sent);
        }
        return sent.get(0);
    }

    /** Whether no command waits on any command topic. */
    boolean noCommands() {
        return commands.values().stream().allMatch(TestOutputTopic::isEmpty);
    }

    void succeed(FlowCommand command, Map<String, Object> payload) {
        replies.pipeInput(command.flowId(), FlowReply.success(command, payload, WALL));
    }

    void fail(FlowCommand command, String reason) {
        replies.pipeInput(command.flowId(), FlowReply.failure(command, reason, WALL));
    }

    void event(String flowId, String step, Map<String, Object> payload) {
        replies.pipeInput(flowId, FlowReply.event(flowId, step, true, null, payload, WALL));
    }

    void advance(Duration wallClock) {
        driver.advanceWallClockTime(wallClock);
    }

    FlowState state(String flowId) {
        KeyValueStore<String, FlowState> store = driver.getKeyValueStore(ORDER.stateStore());
        return store.get(flowId);
    }

    /** What the flow's history says happened, as {@code <what> <step>:<kind>:<attempt>} (or just the what). */
    List<String> history(String flowId) {
        return state(flowId).history().stream()
                .map(e -> e.step() == null ? e.what() : e.what() + " " + e.step() + ":" + e.kind() + ":" + e.attempt()).toList();
    }

    /** The changelog of one of the flow's stores, as produced so far: key → latest value bytes (null: deleted). */
    Map<String, byte[]> changelog(String store) {
        TestOutputTopic<String, byte[]> topic = driver.createOutputTopic(APP_ID + "-" + store + "-changelog",
                Serdes.String().deserializer(), new ByteArrayDeserializer());
        Map<String, byte[]> latest = new HashMap<>();
        topic.readRecordsToList().forEach(r -> latest.put(r.key(), r.value()));
        return latest;
    }

    /** Puts a changelog into this driver's store, as a restore on another instance would. */
    void restore(String store, Map<String, byte[]> changelog, org.apache.kafka.common.serialization.Deserializer<?> values) {
        KeyValueStore<String, Object> target = driver.getKeyValueStore(store);
        changelog.forEach((key, bytes) -> {
            if (bytes == null) {
                target.delete(key);
            } else {
                target.put(key, values.deserialize(store, bytes));
            }
        });
    }

    @Override
    public void close() {
        driver.close();
    }
}
