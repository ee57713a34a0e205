package io.eventpipeline.core.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class TraceContextTest {

    @Test
    void shouldWriteAndParseW3cTraceparent() {
        TraceContext trace = TraceContext.newTrace();
        String header = trace.traceparent();
        assertTrue(header.matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01"), header);
        assertEquals(Optional.of(trace), TraceContext.parse(header));
    }

    @Test
    void shouldRejectMalformedOrAllZeroIds() {
        assertEquals(Optional.empty(), TraceContext.parse("garbage"));
        assertEquals(Optional.empty(), TraceContext.parse("00-00000000000000000000000000000000-0000000000000001-01"));
        assertEquals(Optional.empty(), TraceContext.parse("00-0af7651916cd43dd8448eb211c80319X-b7ad6b7169203331-01"));
        assertEquals(Optional.empty(), TraceContext.parse(null));
    }

    @Test
    void shouldKeepTheTraceIdInAChildButChangeTheSpan() {
        TraceContext parent = TraceContext.parse("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01").orElseThrow();
        TraceContext child = parent.child();
        assertEquals(parent.traceId(), child.traceId());
        assertNotEquals(parent.spanId(), child.spanId());
    }

    @Test
    void shouldStampAnOutgoingRecordAsChildOfItsInput() {
        RecordHeaders headers = new RecordHeaders();
        TraceContext input = TraceContext.newTrace();
        input.writeTo(headers);
        TraceContext.writeCausation(headers, "in", 2, 41);
        TraceContext out = TraceContext.stampOutgoing(headers);
        assertEquals(input.traceId(), out.traceId());
        assertEquals(Optional.of(out), TraceContext.from(headers));
        assertEquals(Optional.of("in/2/41"), TraceContext.causation(headers));
        assertEquals(1, headers.toArray().length - 1, "one traceparent header, replaced not added");
    }
}
