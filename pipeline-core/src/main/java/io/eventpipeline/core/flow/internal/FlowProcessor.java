package io.eventpipeline.core.flow.internal;

import io.eventpipeline.core.flow.FlowCommand;
import io.eventpipeline.core.flow.FlowDefinition;
import io.eventpipeline.core.flow.FlowObserver;
import io.eventpipeline.core.flow.FlowOutcome;
import io.eventpipeline.core.flow.FlowReply;
import io.eventpipeline.core.flow.FlowStart;
import io.eventpipeline.core.flow.FlowState;
import io.eventpipeline.core.flow.FlowState.FlowEvent;
import io.eventpipeline.core.flow.FlowStatus;
import io.eventpipeline.core.flow.FlowStep;
import io.eventpipeline.core.flow.FlowStep.Kind;
import io.eventpipeline.core.streams.TimeIndex;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The coordinator of one flow definition, per task: starts flows, sends each step's command, takes the
 * awaited reply and ignores any other, and on a wall-clock punctuation finds timeouts and due retries through
 * the deadline index. State changes and the commands they cause leave in the same transaction (under
 * exactly-once), so a crash never loses or repeats one without the other.
 *
 * <p>The deadline index is derived from the flow states and has no changelog: it is rebuilt from them
 * before the first record or punctuation after each start of the task (after a restore, on promotion of a
 * standby, after a crash that wiped local state). That halves the records a step writes.
 */
public final class FlowProcessor implements Processor<String, FlowInput, String, FlowOutput> {

    /** History entries kept per flow; older ones are dropped. */
    static final int HISTORY = 100;

    private final FlowDefinition definition;
    private ProcessorContext<String, FlowOutput> context;
    private KeyValueStore<String, FlowState> flows;
    private KeyValueStore<String, String> deadlines;
    private FlowObserver observer = FlowObserver.NONE;
    private boolean indexed;
    /**
     * No entry of the deadline index is earlier than this ({@code Long.MIN_VALUE} until a check has read the
     * index): a check before it has nothing to find and skips the range read, which was most of what the
     * checks cost while no flow was due. An entry removed before it is due leaves it early, at worst.
     */
    private long earliestDeadline = Long.MIN_VALUE;

    public FlowProcessor(FlowDefinition definition) {
        this.definition = definition;
    }

    @Override
    public void init(ProcessorContext<String, FlowOutput> context) {
        this.context = context;
        this.flows = context.getStateStore(definition.stateStore());
        this.deadlines = context.getStateStore(definition.deadlineStore());
        this.indexed = false;
        this.earliestDeadline = Long.MIN_VALUE;
        if (context.appConfigs().get(FlowObserver.CONFIG) instanceof FlowObserver configured) {
            this.observer = configured;
        }
        observer.defined(definition);
        context.schedule(definition.checkInterval(), PunctuationType.WALL_CLOCK_TIME, this::checkDeadlines);
    }

    @Override
    public void process(Record<String, FlowInput> record) {
        index();
        if (record.value().start() != null) {
            start(record.key(), record.value().start());
        } else {
            reply(record.value().reply());
        }
    }

    private Instant now() {
        return Instant.ofEpochMilli(context.currentSystemTimeMs());
    }

    private void start(String flowId, FlowStart start) {
        if (flows.get(flowId) != null) {
            return; // a start for a flow that exists: the same request again
        }
        Instant now = now();
        FlowStep first = definition.steps().get(0);
        FlowState state = new FlowState(flowId, definition.name(), FlowStatus.RUNNING, first.name(), Kind.ACTION, 1, true, null,
                start.data(), List.of(), null, null, now, now, now, List.of(new FlowEvent(now, null, null, 0, "STARTED", null)));
        observer.started(definition.name());
        enter(null, state, 0, Kind.ACTION, 1);
    }

    /** Sends (or, for a waiting step, awaits) attempt {@code attempt} of {@code kind} of step {@code index}. */
    private void enter(FlowState before, FlowState state, int index, Kind kind, int attempt) {
        FlowStep step = definition.steps().get(index);
        Instant now = now();
        String what = "WAITING";
        if (attempt > 1) {
            observer.retried(definition.name(), step.name(), kind);
        }
        if (step.sendsCommand()) {
            String topic = step.topic(kind);
            FlowCommand command = new FlowCommand(state.flowId(), definition.name(), step.name(), kind, attempt,
                    idempotencyKey(state.flowId(), step.name(), kind, attempt), definition.replyTopic(),
                    step.payload(kind, state.data()), now);
            context.forward(new Record<>(step.key(state.data()), new FlowOutput(topic, command), now.toEpochMilli()));
            what = "SENT";
        }
        boolean sameStep = step.name().equals(state.step()) && kind == state.kind();
        FlowState next = new FlowState(state.flowId(), state.flow(), state.status(), step.name(), kind, attempt, true,
                now.plus(step.timeout()), state.data(), state.completed(), state.failedStep(), state.reason(),
                state.startedAt(), sameStep && attempt > 1 ? state.stepStartedAt() : now, now,
                append(state.history(), new FlowEvent(now, step.name(), kind, attempt, what, null)));
        save(before, next);
    }

    private void reply(FlowReply reply) {
        FlowState state = flows.get(reply.flowId());
        if (state == null) {
            return; // no such flow (never started, or removed after its retention)
        }
        boolean awaited = !state.status().isFinal() && state.waiting() && reply.step().equals(state.step())
                && reply.kind() == state.kind() && reply.attempt() == state.attempt();
        Instant now = now();
        if (!awaited) {
            save(state, with(state, append(state.history(), new FlowEvent(now, reply.step(), reply.kind(), reply.attempt(),
                    "IGNORED", "not awaited: a duplicate, or after its step timed out or the flow moved on"))));
            return;
        }
        Map<String, Object> data = new HashMap<>(state.data());
        data.putAll(reply.payload());
        String detail = reply.success() ? null : reply.reason();
        FlowState taken = new FlowState(state.flowId(), state.flow(), state.status(), state.step(), state.kind(), state.attempt(),
                state.waiting(), state.deadline(), data, state.completed(), state.failedStep(), state.reason(), state.startedAt(),
                state.stepStartedAt(), now, append(state.history(), new FlowEvent(now, state.step(), state.kind(), state.attempt(),
                reply.success() ? "SUCCEEDED" : "FAILED", detail)));
        int index = definition.indexOf(state.step());
        if (reply.success() || state.kind() == Kind.ACTION) {
            stepEnded(state, reply.success() ? "succeeded" : "failed");
        }
        if (state.kind() == Kind.ACTION) {
            if (reply.success()) {
                List<String> completed = new ArrayList<>(taken.completed());
                completed.add(state.step());
                FlowState done = withCompleted(taken, completed);
                if (index + 1 < definition.steps().size()) {
                    enter(state, done, index + 1, Kind.ACTION, 1);
                } else {
                    finish(state, done, FlowStatus.COMPLETED, null, null);
                }
            } else {
                // A failed reply means the step took no effect: only the steps before it are undone.
                compensate(state, taken, state.step(), "step " + state.step() + " failed: " + reply.reason(), false);
            }
        } else if (reply.success()) {
            List<String> completed = new ArrayList<>(taken.completed());
            completed.remove(state.step());
            undoNext(state, withCompleted(taken, completed));
        } else {
            retryOrGiveUp(state, taken, "compensation failed: " + reply.reason());
        }
    }

    /** Undoes the completed steps (and the failed one, when it may have taken effect), latest first. */
    private void compensate(FlowState before, FlowState state, String failedStep, String reason, boolean includeFailed) {
        List<String> toUndo = new ArrayList<>(state.completed());
        if (includeFailed && !toUndo.contains(failedStep)) {
            toUndo.add(failedStep);
        }
        FlowState failing = new FlowState(state.flowId(), state.flow(), FlowStatus.COMPENSATING, state.step(), state.kind(),
                state.attempt(), false, state.deadline(), state.data(), toUndo, failedStep, reason, state.startedAt(),
                state.stepStartedAt(), state.updatedAt(), state.history());
        if (toUndo.stream().noneMatch(name -> definition.steps().get(definition.indexOf(name)).compensable())) {
            finish(before, failing, FlowStatus.FAILED, failedStep, reason);
        } else {
            undoNext(before, failing);
        }
    }

    /** Sends the compensation of the latest completed compensable step, or ends the flow COMPENSATED. */
    private void undoNext(FlowState before, FlowState state) {
        List<String> completed = state.completed();
        for (int i = completed.size() - 1; i >= 0; i--) {
            int index = definition.indexOf(completed.get(i));
            if (definition.steps().get(index).compensable()) {
                enter(before, state, index, Kind.COMPENSATION, 1);
                return;
            }
        }
        finish(before, state, FlowStatus.COMPENSATED, state.failedStep(), state.reason());
    }

    private void retryOrGiveUp(FlowState before, FlowState state, String why) {
        FlowStep step = definition.steps().get(definition.indexOf(state.step()));
        Instant now = now();
        if (state.attempt() < step.attempts()) {
            Duration wait = step.backoff().after(state.attempt());
            if (wait.isZero()) {
                enter(before, state, definition.indexOf(state.step()), state.kind(), state.attempt() + 1);
                return;
            }
            save(before, new FlowState(state.flowId(), state.flow(), state.status(), state.step(), state.kind(), state.attempt(),
                    false, now.plus(wait), state.data(), state.completed(), state.failedStep(), state.reason(), state.startedAt(),
                    state.stepStartedAt(), now, state.history()));
        } else if (state.kind() == Kind.ACTION) {
            stepEnded(state, "gave_up");
            // A step that timed out may have taken effect: it is undone too, if it can be.
            compensate(before, state, state.step(), "step " + state.step() + " " + why + " after " + state.attempt()
                    + " attempt" + (state.attempt() == 1 ? "" : "s"), step.sendsCommand());
        } else {
            stepEnded(state, "gave_up");
            finish(before, state, FlowStatus.FAILED, state.failedStep(), "undoing step " + state.step() + ": " + why
                    + " after " + state.attempt() + " attempt" + (state.attempt() == 1 ? "" : "s") + " (after " + state.reason() + ")");
        }
    }

    private void finish(FlowState before, FlowState state, FlowStatus status, String failedStep, String reason) {
        Instant now = now();
        FlowState end = new FlowState(state.flowId(), state.flow(), status, state.step(), state.kind(), state.attempt(), false,
                now.plus(definition.retention()), state.data(), state.completed(), failedStep, reason, state.startedAt(),
                state.stepStartedAt(), now, append(state.history(), new FlowEvent(now, null, null, 0, status.name(), reason)));
        save(before, end);
        observer.ended(definition.name(), status);
        context.forward(new Record<>(state.flowId(), new FlowOutput(definition.outcomeTopic(), new FlowOutcome(state.flowId(),
                definition.name(), status, failedStep, reason, state.data(), state.startedAt(), now)), now.toEpochMilli()));
    }

    /** Rebuilds the deadline index from the flow states, once per start of the task. */
    private void index() {
        if (indexed) {
            return;
        }
        List<String> stale = new ArrayList<>();
        try (KeyValueIterator<String, String> entries = deadlines.all()) {
            entries.forEachRemaining(entry -> stale.add(entry.key));
        }
        stale.forEach(deadlines::delete);
        try (KeyValueIterator<String, FlowState> all = flows.all()) {
            all.forEachRemaining(entry -> {
                if (entry.value.deadline() != null) {
                    deadlines.put(TimeIndex.key(entry.value.deadline().toEpochMilli(), entry.key), entry.key);
                }
            });
        }
        indexed = true;
    }

    private void checkDeadlines(long now) {
        index();
        if (now < earliestDeadline) {
            return;
        }
        List<KeyValue<String, String>> due = new ArrayList<>();
        long next = Long.MAX_VALUE;
        try (KeyValueIterator<String, String> entries = deadlines.range(TimeIndex.from(), null)) {
            while (entries.hasNext()) {
                KeyValue<String, String> entry = entries.next();
                long at = TimeIndex.time(entry.key);
                if (at > now) {
                    next = at;
                    break;
                }
                due.add(entry);
            }
        }
        // Lowered again by every deadline the due flows now set (save).
        earliestDeadline = next;
        for (KeyValue<String, String> entry : due) {
            deadlines.delete(entry.key);
            FlowState state = flows.get(entry.value);
            if (state == null || state.deadline() == null || !entry.key.equals(TimeIndex.key(state.deadline().toEpochMilli(), state.flowId()))) {
                continue; // superseded by a later change of the flow
            }
            if (state.status().isFinal()) {
                flows.delete(state.flowId());
            } else if (state.waiting()) {
                Instant at = now();
                FlowState timedOut = with(state, append(state.history(), new FlowEvent(at, state.step(), state.kind(),
                        state.attempt(), "TIMED_OUT", null)));
                observer.timedOut(definition.name(), state.step(), state.kind());
                retryOrGiveUp(state, timedOut, "timed out");
            } else {
                enter(state, state, definition.indexOf(state.step()), state.kind(), state.attempt() + 1);
            }
        }
    }

    private void stepEnded(FlowState state, String result) {
        observer.stepEnded(definition.name(), state.step(), state.kind(), result,
                Duration.between(state.stepStartedAt(), now()));
    }

    /** Stores {@code next} and moves its deadline entry when the deadline changed. */
    private void save(FlowState before, FlowState next) {
        Instant oldDeadline = before == null ? null : before.deadline();
        if (oldDeadline != null && !oldDeadline.equals(next.deadline())) {
            deadlines.delete(TimeIndex.key(oldDeadline.toEpochMilli(), next.flowId()));
        }
        if (next.deadline() != null) {
            earliestDeadline = Math.min(earliestDeadline, next.deadline().toEpochMilli());
            deadlines.put(TimeIndex.key(next.deadline().toEpochMilli(), next.flowId()), next.flowId());
        }
        flows.put(next.flowId(), next);
    }

    static String idempotencyKey(String flowId, String step, Kind kind, int attempt) {
        return flowId + ":" + step + ":" + kind + ":" + attempt;
    }

    private static FlowState with(FlowState state, List<FlowEvent> history) {
        return new FlowState(state.flowId(), state.flow(), state.status(), state.step(), state.kind(), state.attempt(),
                state.waiting(), state.deadline(), state.data(), state.completed(), state.failedStep(), state.reason(),
                state.startedAt(), state.stepStartedAt(), state.updatedAt(), history);
    }

    private static FlowState withCompleted(FlowState state, List<String> completed) {
        return new FlowState(state.flowId(), state.flow(), state.status(), state.step(), state.kind(), state.attempt(),
                state.waiting(), state.deadline(), state.data(), completed, state.failedStep(), state.reason(),
                state.startedAt(), state.stepStartedAt(), state.updatedAt(), state.history());
    }

    private static List<FlowEvent> append(List<FlowEvent> history, FlowEvent event) {
        List<FlowEvent> next = new ArrayList<>(history.size() + 1);
        next.addAll(history.size() >= HISTORY ? history.subList(history.size() - HISTORY + 1, history.size()) : history);
        next.add(event);
        return next;
    }
}
