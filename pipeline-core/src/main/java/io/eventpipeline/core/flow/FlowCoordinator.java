package io.eventpipeline.core.flow;

import io.eventpipeline.core.flow.internal.FlowInput;
import io.eventpipeline.core.flow.internal.FlowOutput;
import io.eventpipeline.core.flow.internal.FlowProcessor;
import io.eventpipeline.core.serde.JsonSerde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;

/**
 * The ordered-flow coordinator: runs flows of one {@link FlowDefinition}, a saga whose steps are commands to
 * participants and their replies, durably, inside the app's Kafka Streams topology (no workflow server).
 *
 * <p><b>Ordering.</b> Flows run independently of each other, many at a time. The steps of one flow run
 * strictly in order: step {@code n + 1}'s command is sent only after step {@code n}'s awaited reply was
 * taken, and one command of a flow is outstanding at a time. Compensations run in the reverse order of the
 * steps they undo, one at a time, each after the previous one's reply.
 *
 * <p><b>Replies.</b> A reply is taken only while the flow waits for exactly the command it names (step,
 * kind, attempt). Any other reply is ignored and noted in the flow's history: a duplicate of one already
 * taken, one for an attempt that timed out (even if it says the step succeeded: the retry's reply counts),
 * one for a flow that has ended. A successful reply's payload is merged into the flow's data, which the next
 * commands are made from.
 *
 * <p><b>Timeouts and retries.</b> Each attempt waits up to its step's timeout (wall clock; checked every
 * {@link FlowDefinition#checkInterval()}, so a timeout fires up to that much late). On timeout the step is
 * sent again, as a new attempt with a new idempotency key, after its backoff, up to its attempts. A step
 * that sends nothing ({@link FlowStep#awaits}) has one attempt.
 *
 * <p><b>Failure and compensation.</b> A step fails when it replies {@code success=false} (not retried: the
 * participant has decided) or runs out of attempts. Then the completed steps that have a compensation are
 * undone, latest first; a step that ran out of attempts is undone too, since it may have taken effect, while
 * one that replied failure is not. Compensations are retried like steps (a failed compensation reply is
 * retried too). The flow ends {@link FlowStatus#COMPENSATED} when all were undone, {@link FlowStatus#FAILED}
 * when there was nothing to undo or a compensation ran out of attempts, {@link FlowStatus#COMPLETED} when
 * every step succeeded; one {@link FlowOutcome} goes to the outcome topic.
 *
 * <p><b>Restart and exactly-once.</b> Flow state lives in a persistent, changelogged store keyed by flowId;
 * the deadline index is a local store rebuilt from the flow states whenever the task starts. Under exactly-once a state change and the commands and outcome it
 * causes commit in one transaction: after a crash the flow resumes from its last committed state, a
 * completed step is never sent again, and a command whose transaction did not commit is sent again with the
 * same idempotency key. Under at-least-once a command may be sent twice with the same key. Deadlines that
 * passed while the app was down fire at the first check after it is back.
 *
 * <p>In: starts (any key; re-keyed by flowId through the repartition topic {@code flow-<name>-starts}) and
 * {@link FlowReply}s on the reply topic (key flowId), with as many partitions as that topic. Out: commands
 * to their steps' topics (key from the step), outcomes (key flowId). Stores: {@link FlowDefinition#stateStore()},
 * {@link FlowDefinition#deadlineStore()}. Finished flows stay queryable for {@link FlowDefinition#retention()}.
 */
public final class FlowCoordinator {

    private FlowCoordinator() {
    }

    /**
     * Adds the coordinator of {@code definition} to {@code builder}.
     *
     * @param partitions partitions of the reply topic, so the re-keyed starts land where their replies do
     */
    public static void build(StreamsBuilder builder, FlowDefinition definition, KStream<String, FlowStart> starts, int partitions) {
        String prefix = "flow-" + definition.name();
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(definition.stateStore()),
                Serdes.String(), JsonSerde.of(FlowState.class)));
        // Derived from the flow states, and rebuilt from them whenever the task starts: no changelog.
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(definition.deadlineStore()),
                Serdes.String(), Serdes.String()).withLoggingDisabled());
        KStream<String, FlowInput> startInputs = starts
                // A flow's state, its replies and its starts must meet in one task: all are keyed by flowId.
                .selectKey((key, start) -> start.flowId(), Named.as(prefix + "-key-starts"))
                .repartition(Repartitioned.<String, FlowStart>as(prefix + "-starts").withKeySerde(Serdes.String())
                        .withValueSerde(JsonSerde.of(FlowStart.class)).withNumberOfPartitions(partitions))
                .mapValues(FlowInput::of, Named.as(prefix + "-start-inputs"));
        KStream<String, FlowInput> replyInputs = builder
                .stream(definition.replyTopic(), Consumed.with(Serdes.String(), JsonSerde.of(FlowReply.class))
                        .withName(prefix + "-source-replies"))
                .mapValues(FlowInput::of, Named.as(prefix + "-reply-inputs"));
        startInputs.merge(replyInputs, Named.as(prefix + "-inputs"))
                .process(() -> new FlowProcessor(definition), Named.as(prefix + "-coordinate"), definition.stateStore(),
                        definition.deadlineStore())
                .to(FlowOutput.TOPIC, Produced.with(Serdes.String(), FlowOutput.serde())
                        .withName(prefix + "-sink"));
    }
}
