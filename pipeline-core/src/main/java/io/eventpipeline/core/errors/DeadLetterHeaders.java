package io.eventpipeline.core.errors;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;

/**
 * The headers of a dead-letter record. The {@code __streams.errors.*} names are those of KIP-1034, so
 * tools that know Kafka Streams' own dead-letter records read ours too; {@value #REASON} and
 * {@value #APP} add the pipeline's classification. Every value is UTF-8 text.
 */
public final class DeadLetterHeaders {

    /** {@link DeadLetterReason#label()}. */
    public static final String REASON = "pipeline.dlq.reason";
    /** The app whose processing failed. */
    public static final String APP = "pipeline.dlq.app";
    /** Fully qualified class name of the exception (KIP-1034). */
    public static final String EXCEPTION = "__streams.errors.exception";
    /** The exception's message, including its causes' messages (KIP-1034). */
    public static final String MESSAGE = "__streams.errors.message";
    /** The exception's stack trace (KIP-1034). */
    public static final String STACKTRACE = "__streams.errors.stacktrace";
    /** The topic the bad record was read from (KIP-1034). */
    public static final String TOPIC = "__streams.errors.topic";
    /** Its partition, as decimal text (KIP-1034). */
    public static final String PARTITION = "__streams.errors.partition";
    /** Its offset, as decimal text (KIP-1034). */
    public static final String OFFSET = "__streams.errors.offset";

    private static final int MAX_STACKTRACE_CHARS = 8_192;

    private DeadLetterHeaders() {
    }

    /** Adds every dead-letter header for a record read at {@code topic}/{@code partition}/{@code offset}. */
    public static Headers addTo(Headers headers, String app, DeadLetterReason reason, Throwable error,
                                String topic, int partition, long offset) {
        put(headers, REASON, reason.label());
        put(headers, APP, app);
        put(headers, EXCEPTION, error.getClass().getName());
        put(headers, MESSAGE, describe(error));
        put(headers, STACKTRACE, stackTrace(error));
        put(headers, TOPIC, topic == null ? "" : topic);
        put(headers, PARTITION, Integer.toString(partition));
        put(headers, OFFSET, Long.toString(offset));
        return headers;
    }

    /** The value of header {@code name} as text, or {@code null} if absent. */
    public static String get(Headers headers, String name) {
        var header = headers.lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** The error's message followed by its causes' messages: the innermost cause often says the most. */
    static String describe(Throwable error) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = error; t != null && t.getCause() != t; t = t.getCause()) {
            if (text.length() > 0) {
                text.append(" <- ");
            }
            text.append(t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage());
            if (text.length() > 2_000) {
                break;
            }
        }
        return text.toString();
    }

    private static String stackTrace(Throwable error) {
        StringWriter out = new StringWriter();
        error.printStackTrace(new PrintWriter(out));
        String trace = out.toString();
        return trace.length() <= MAX_STACKTRACE_CHARS ? trace : trace.substring(0, MAX_STACKTRACE_CHARS);
    }

    private static void put(Headers headers, String name, String value) {
        headers.remove(name);
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
