package io.eventpipeline.core.trace;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * Where a record stands in its causal chain, carried in headers so an alert can be traced back to the
 * events behind it.
 *
 * <ul>
 *   <li>{@value #TRACEPARENT}: W3C Trace Context, {@code 00-<trace-id>-<span-id>-01}. The trace id is the
 *       correlation id, shared by an event and everything derived from it; the span id names this record.</li>
 *   <li>{@value #CAUSATION}: the record that caused this one, as {@code topic/partition/offset}.</li>
 * </ul>
 *
 * @param traceId 32 lowercase hex digits, not all zero
 * @param spanId 16 lowercase hex digits, not all zero
 */
public record TraceContext(String traceId, String spanId) {

    /** Header with the W3C {@code traceparent} value. */
    public static final String TRACEPARENT = "traceparent";
    /** Header naming the record that caused this one: {@code topic/partition/offset}. */
    public static final String CAUSATION = "pipeline.causation-id";

    /** A new trace: fresh trace and span ids. */
    public static TraceContext newTrace() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return new TraceContext(hex(nonZero(random), 16) + hex(random.nextLong(), 16), hex(nonZero(random), 16));
    }

    /** The next record in the same trace: same trace id, fresh span id. */
    public TraceContext child() {
        return new TraceContext(traceId, hex(nonZero(ThreadLocalRandom.current()), 16));
    }

    /** The {@code traceparent} header value. */
    public String traceparent() {
        return "00-" + traceId + "-" + spanId + "-01";
    }

    /** Parses a {@code traceparent} value; empty if it is not one. */
    public static Optional<TraceContext> parse(String traceparent) {
        if (traceparent == null || traceparent.length() != 55 || traceparent.charAt(2) != '-'
                || traceparent.charAt(35) != '-' || traceparent.charAt(52) != '-') {
            return Optional.empty();
        }
        String traceId = traceparent.substring(3, 35);
        String spanId = traceparent.substring(36, 52);
        if (!isHex(traceId) || !isHex(spanId)) {
            return Optional.empty();
        }
        return Optional.of(new TraceContext(traceId, spanId));
    }

    /** The context in {@code headers}, if they carry a valid {@value #TRACEPARENT}. */
    public static Optional<TraceContext> from(Headers headers) {
        Header header = headers.lastHeader(TRACEPARENT);
        return header == null || header.value() == null ? Optional.empty()
                : parse(new String(header.value(), StandardCharsets.UTF_8));
    }

    /** Replaces {@value #TRACEPARENT} in {@code headers} with this context. */
    public Headers writeTo(Headers headers) {
        headers.remove(TRACEPARENT);
        headers.add(TRACEPARENT, traceparent().getBytes(StandardCharsets.UTF_8));
        return headers;
    }

    /** Replaces {@value #CAUSATION} in {@code headers} with the coordinates of a source record. */
    public static Headers writeCausation(Headers headers, String topic, int partition, long offset) {
        headers.remove(CAUSATION);
        headers.add(CAUSATION, (topic + "/" + partition + "/" + offset).getBytes(StandardCharsets.UTF_8));
        return headers;
    }

    /** The {@value #CAUSATION} value in {@code headers}, if any. */
    public static Optional<String> causation(Headers headers) {
        Header header = headers.lastHeader(CAUSATION);
        return header == null || header.value() == null ? Optional.empty()
                : Optional.of(new String(header.value(), StandardCharsets.UTF_8));
    }

    /**
     * Stamps an outgoing record: a child of the context already in {@code headers}, or a new trace if
     * there is none.
     */
    public static TraceContext stampOutgoing(Headers headers) {
        TraceContext next = from(headers).map(TraceContext::child).orElseGet(TraceContext::newTrace);
        next.writeTo(headers);
        return next;
    }

    private static long nonZero(ThreadLocalRandom random) {
        long value;
        do {
            value = random.nextLong();
        } while (value == 0);
        return value;
    }

    private static String hex(long value, int digits) {
        String text = Long.toHexString(value);
        return "0".repeat(digits - text.length()) + text;
    }

    private static boolean isHex(String text) {
        boolean nonZero = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                return false;
            }
            nonZero |= c != '0';
        }
        return nonZero;
    }
}
