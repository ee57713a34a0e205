package io.eventpipeline.core.flow;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * One step of a {@link FlowDefinition}: the command it sends (or none, for a step that waits for an event),
 * how long it waits for the reply, how often it tries, and how it is undone. Immutable; built with
 * {@link #sends} or {@link #awaits} and the {@code with…} methods.
 *
 * <p>Functions receive the flow's data (its start data with every taken reply's payload merged in) and must be
 * pure: they run again if a step is retried, and the coordinator's guarantees assume the same data gives the
 * same command.
 */
public final class FlowStep {

    /** Whether a command does a step or undoes it. */
    public enum Kind {
        ACTION, COMPENSATION
    }

    private final String name;
    private final String topic;
    private final Function<Map<String, Object>, String> key;
    private final Function<Map<String, Object>, Map<String, Object>> command;
    private final Duration timeout;
    private final int attempts;
    private final Backoff backoff;
    private final String compensationTopic;
    private final Function<Map<String, Object>, Map<String, Object>> compensation;

    private FlowStep(String name, String topic, Function<Map<String, Object>, String> key,
                     Function<Map<String, Object>, Map<String, Object>> command, Duration timeout, int attempts, Backoff backoff,
                     String compensationTopic, Function<Map<String, Object>, Map<String, Object>> compensation) {
        this.name = Objects.requireNonNull(name, "name");
        this.topic = topic;
        this.key = key;
        this.command = command;
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.attempts = attempts;
        this.backoff = Objects.requireNonNull(backoff, "backoff");
        this.compensationTopic = compensationTopic;
        this.compensation = compensation;
        if (name.isBlank() || name.contains(":")) {
            throw new IllegalArgumentException("a step name is not blank and has no ':', was '" + name + "'");
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("step " + name + ": timeout must be positive, was " + timeout);
        }
        if (attempts < 1) {
            throw new IllegalArgumentException("step " + name + ": attempts must be at least 1, was " + attempts);
        }
    }

    /**
     * A step that sends {@code command(data)} to {@code topic}, keyed by {@code key(data)}, and waits for its
     * reply: by default 30 s, one attempt, compensated by nothing.
     */
    public static FlowStep sends(String name, String topic, Function<Map<String, Object>, String> key,
                                 Function<Map<String, Object>, Map<String, Object>> command) {
        return new FlowStep(name, Objects.requireNonNull(topic, "topic"), Objects.requireNonNull(key, "key"),
                Objects.requireNonNull(command, "command"), Duration.ofSeconds(30), 1, Backoff.none(), null, null);
    }

    /**
     * A step that sends nothing and waits for an event addressed to it ({@link FlowReply#event}), e.g. a fill
     * after an order was placed. It has one attempt: when it times out, the flow fails.
     */
    public static FlowStep awaits(String name) {
        return new FlowStep(name, null, null, null, Duration.ofSeconds(30), 1, Backoff.none(), null, null);
    }

    /** Waits {@code limit} for each attempt's reply. */
    public FlowStep withTimeout(Duration limit) {
        return new FlowStep(name, topic, key, command, limit, attempts, backoff, compensationTopic, compensation);
    }

    /** Tries up to {@code times} in all when replies do not come in time, waiting {@code between} before each retry. */
    public FlowStep withAttempts(int times, Backoff between) {
        if (topic == null && times > 1) {
            throw new IllegalArgumentException("step " + name + " sends nothing, so it cannot be retried");
        }
        return new FlowStep(name, topic, key, command, timeout, times, between, compensationTopic, compensation);
    }

    /**
     * Undone, when a later step fails (or this one times out, so may have taken effect), by sending
     * {@code undo(data)} to {@code topic} (same key as the step's command), with the same timeout and attempts.
     */
    public FlowStep withCompensation(String topic, Function<Map<String, Object>, Map<String, Object>> undo) {
        if (this.topic == null) {
            throw new IllegalArgumentException("step " + name + " sends nothing, so there is nothing to compensate");
        }
        return new FlowStep(name, this.topic, key, command, timeout, attempts, backoff, Objects.requireNonNull(topic, "topic"),
                Objects.requireNonNull(undo, "undo"));
    }

    public String name() {
        return name;
    }

    /** Whether the step sends a command (or only waits for an event). */
    public boolean sendsCommand() {
        return topic != null;
    }

    public boolean compensable() {
        return compensationTopic != null;
    }

    public Duration timeout() {
        return timeout;
    }

    public int attempts() {
        return attempts;
    }

    public Backoff backoff() {
        return backoff;
    }

    /** The topic of {@code kind}'s command. */
    public String topic(Kind kind) {
        return kind == Kind.ACTION ? topic : compensationTopic;
    }

    /** The key of the step's commands for {@code data}. */
    public String key(Map<String, Object> data) {
        return key.apply(data);
    }

    /** The payload of {@code kind}'s command for {@code data}. */
    public Map<String, Object> payload(Kind kind, Map<String, Object> data) {
        return kind == Kind.ACTION ? command.apply(data) : compensation.apply(data);
    }
}
