package io.eventpipeline.core.errors;

import io.eventpipeline.core.event.InvalidEventException;
import org.apache.kafka.common.errors.SerializationException;

/**
 * Why a record went to the dead-letter topic; the value of the {@value DeadLetterHeaders#REASON} header
 * and the {@code reason} tag of the dead-letter counter.
 */
public enum DeadLetterReason {
    /** The bytes are not a value of the topic's type: not JSON, wrong field types, truncated. */
    MALFORMED("malformed"),
    /** The value parsed but broke a rule of its type (missing field, value out of range). */
    INVALID("invalid"),
    /** Processing the record threw. */
    PROCESSING_FAILED("processing-failed");

    private final String label;

    DeadLetterReason(String label) {
        this.label = label;
    }

    /** The header value and metric tag, lowercase with dashes. */
    public String label() {
        return label;
    }

    /** Classifies a deserialization failure: invalid if its cause chain holds an {@link InvalidEventException}. */
    public static DeadLetterReason ofDeserialization(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof InvalidEventException) {
                return INVALID;
            }
        }
        return MALFORMED;
    }

    /** Classifies any failure: a deserialization failure as above, anything else as a processing failure. */
    public static DeadLetterReason of(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof SerializationException || t instanceof InvalidEventException) {
                return ofDeserialization(error);
            }
        }
        return PROCESSING_FAILED;
    }
}
