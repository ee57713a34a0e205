package io.eventpipeline.core.event;

/**
 * An event parsed but broke a rule of its type (a missing field, a value out of range). The message
 * says which rule, and ends up in the dead-letter record's reason.
 */
public final class InvalidEventException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public InvalidEventException(String message) {
        super(message);
    }
}
