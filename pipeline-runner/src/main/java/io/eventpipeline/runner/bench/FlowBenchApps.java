package io.eventpipeline.runner.bench;

import io.eventpipeline.core.app.StreamsAppDefinition;
import io.eventpipeline.core.config.PipelineConfig;
import io.eventpipeline.core.flow.FlowCommand;
import io.eventpipeline.core.flow.FlowCoordinator;
import io.eventpipeline.core.flow.FlowDefinition;
import io.eventpipeline.core.flow.FlowReply;
import io.eventpipeline.core.flow.FlowStart;
import io.eventpipeline.core.flow.FlowStep;
import io.eventpipeline.core.topic.Topic;
import io.eventpipeline.core.topic.TopicSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;

/**
 * The two apps of the flow benchmark, doing the same work: each unit of work passes {@value #STEPS}
 * participants in order, each of which adds a field to it.
 * <ul>
 *   <li>{@link #coordinated}: a {@link FlowCoordinator} flow whose steps are commands to the participants,
 *       which reply; two topic hops per step, plus the flow's state and deadline stores.</li>
 *   <li>{@link #choreographed}: each participant reads the previous one's topic and writes the next; one hop
 *       per step and no coordinator state, but no timeouts, retries, compensation or flow state either.</li>
 * </ul>
 */
final class FlowBenchApps {

    static final int STEPS = 3;
    static final int PARTITIONS = 6;

    static final Topic<String, FlowStart> STARTS = Topic.json("flowbench.starts", FlowStart.class);
    static final Topic<String, FlowReply> REPLIES = Topic.json("flowbench.replies", FlowReply.class);
    static final String OUTCOMES = "flowbench.outcomes";

    static final Topic<String, Work> WORK_IN = Topic.json("chorebench.starts", Work.class);
    static final String WORK_DONE = "chorebench.done";

    /** A unit of choreographed work: what a flow's data holds. */
    record Work(String id, Map<String, Object> data) {

        Work {
            data = Map.copyOf(data);
        }

        Work with(String field) {
            Map<String, Object> next = new HashMap<>(data);
            next.put(field, true);
            return new Work(id, next);
        }
    }

    private FlowBenchApps() {
    }

    static String stepTopic(String app, int step) {
        return app + ".step-" + step;
    }

    static Topic<String, Work> workTopic(int step) {
        return step == STEPS ? Topic.json(WORK_DONE, Work.class) : Topic.json(stepTopic("chorebench", step), Work.class);
    }

    static FlowDefinition flow() {
        List<FlowStep> steps = new ArrayList<>();
        for (int i = 1; i <= STEPS; i++) {
            steps.add(FlowStep.sends("step-" + i, stepTopic("flowbench", i), data -> (String) data.get("id"), data -> data)
                    .withTimeout(Duration.ofMinutes(10))); // a preloaded backlog must not time out: throughput is measured
        }
        return FlowDefinition.of("bench", REPLIES.name(), OUTCOMES, steps);
    }

    static StreamsAppDefinition coordinated() {
        return new StreamsAppDefinition() {
            @Override
            public String name() {
                return "flowbench";
            }

            @Override
            public int defaultHttpPort() {
                return 0;
            }

            @Override
            public List<TopicSpec> topics(PipelineConfig config) {
                List<TopicSpec> topics = new ArrayList<>(List.of(TopicSpec.of(STARTS, PARTITIONS), TopicSpec.of(REPLIES, PARTITIONS),
                        TopicSpec.of(OUTCOMES, PARTITIONS), TopicSpec.of(deadLetterTopic(), 1)));
                for (int i = 1; i <= STEPS; i++) {
                    topics.add(TopicSpec.of(stepTopic("flowbench", i), PARTITIONS));
                }
                return topics;
            }

            @Override
            public Topology topology(PipelineConfig config) {
                StreamsBuilder builder = new StreamsBuilder();
                FlowCoordinator.build(builder, flow(), builder.stream(STARTS.name(), STARTS.consumedAs("bench-source-starts")),
                        PARTITIONS);
                for (int i = 1; i <= STEPS; i++) {
                    Topic<String, FlowCommand> commands = Topic.json(stepTopic("flowbench", i), FlowCommand.class);
                    String field = "step-" + i;
                    builder.stream(commands.name(), commands.consumedAs("bench-source-" + field))
                            .map((key, command) -> KeyValue.pair(command.flowId(),
                                    FlowReply.success(command, Map.of(field, true), Instant.now())), Named.as("bench-do-" + field))
                            .to(REPLIES.name(), REPLIES.producedAs("bench-reply-" + field));
                }
                return builder.build();
            }
        };
    }

    static StreamsAppDefinition choreographed() {
        return new StreamsAppDefinition() {
            @Override
            public String name() {
                return "chorebench";
            }

            @Override
            public int defaultHttpPort() {
                return 0;
            }

            @Override
            public List<TopicSpec> topics(PipelineConfig config) {
                List<TopicSpec> topics = new ArrayList<>(List.of(TopicSpec.of(WORK_IN, PARTITIONS), TopicSpec.of(deadLetterTopic(), 1)));
                for (int i = 1; i <= STEPS; i++) {
                    topics.add(TopicSpec.of(workTopic(i), PARTITIONS));
                }
                return topics;
            }

            @Override
            public Topology topology(PipelineConfig config) {
                StreamsBuilder builder = new StreamsBuilder();
                Topic<String, Work> from = WORK_IN;
                for (int i = 1; i <= STEPS; i++) {
                    Topic<String, Work> to = workTopic(i);
                    String field = "step-" + i;
                    KStream<String, Work> in = builder.stream(from.name(), from.consumedAs("chore-source-" + field));
                    in.mapValues(work -> work.with(field), Named.as("chore-do-" + field))
                            .to(to.name(), to.producedAs("chore-sink-" + field));
                    from = to;
                }
                return builder.build();
            }
        };
    }
}
