package io.eventpipeline.core.event;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;

/**
 * An event type that checks itself after parsing. {@link io.eventpipeline.core.serde.JsonSerde} calls
 * {@link #validate()} on every value it reads, so a value that fails is a bad record and goes to the
 * dead-letter topic instead of into a topology.
 *
 * <p>The static helpers keep checks one line each and their messages uniform.
 */
public interface Validating {

    /**
     * Checks the rules of the type.
     *
     * @throws InvalidEventException naming the first broken rule
     */
    void validate();

    /** Fails unless {@code value} is present and not blank. */
    static void requireText(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidEventException("missing " + field);
        }
    }

    /** Fails unless {@code value} is present. */
    static void requirePresent(String field, Object value) {
        if (value == null) {
            throw new InvalidEventException("missing " + field);
        }
    }

    /** Fails unless {@code value} is a finite number in {@code [min, max]}. */
    static void requireRange(String field, double value, double min, double max) {
        if (!Double.isFinite(value) || value < min || value > max) {
            throw new InvalidEventException(field + " out of range [" + min + ", " + max + "]: " + value);
        }
    }

    /** Fails unless {@code value} is one of {@code allowed}. */
    static void requireOneOf(String field, Object value, Collection<?> allowed) {
        if (!allowed.contains(value)) {
            throw new InvalidEventException(field + " must be one of " + allowed + ", was " + value);
        }
    }

    /** Fails if {@code timestamp} is missing or lies more than {@code maxAhead} after now. */
    static void requireNotFarFuture(String field, Instant timestamp, Duration maxAhead) {
        requirePresent(field, timestamp);
        if (timestamp.isAfter(Instant.now().plus(maxAhead))) {
            throw new InvalidEventException(field + " is more than " + maxAhead + " in the future: " + timestamp);
        }
    }

    /** Fails unless {@code value} is a finite number above zero. */
    static void requirePositive(String field, double value) {
        if (!(Double.isFinite(value) && value > 0)) {
            throw new InvalidEventException(field + " must be positive, was " + value);
        }
    }

    /** Fails unless {@code value} is above zero. */
    static void requirePositive(String field, long value) {
        if (value <= 0) {
            throw new InvalidEventException(field + " must be positive, was " + value);
        }
    }

    /** Fails if {@code value} is below zero. */
    static void requireNotNegative(String field, long value) {
        if (value < 0) {
            throw new InvalidEventException(field + " must not be negative, was " + value);
        }
    }

    /**
     * Fails with {@code message} unless {@code condition} holds. The message is built before the check:
     * where it joins values (a number's text costs microseconds), on a type read per event, test first and
     * throw {@link InvalidEventException} or use a helper above.
     */
    static void require(boolean condition, String message) {
        if (!condition) {
            throw new InvalidEventException(message);
        }
    }
}
