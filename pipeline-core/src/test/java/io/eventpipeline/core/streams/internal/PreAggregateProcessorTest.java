package io.eventpipeline.core.streams.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.eventpipeline.core.streams.PreAggregation;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The processor on its own, with its buffer store and commit hook, committing when the test says so. */
class PreAggregateProcessorTest {

    private static final long MINUTE = 60_000;
    private static final long T0 = 1_764_000_000_000L; // a whole minute
    private static final PreAggregation<String, String, String, Long> VIEWS = PreAggregation.counting("views",
            Duration.ofMinutes(1), Duration.ofSeconds(1), (user, page) -> page, Serdes.String());

    private KeyValueStore<Bytes, byte[]> buffer;
    private CommitHook hook;

    @BeforeEach
    void stores() {
        buffer = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(VIEWS.storeName()), Serdes.Bytes(), Serdes.ByteArray())
                .withLoggingDisabled().build();
    }

    private MockProcessorContext<String, Long> start(PreAggregateProcessor<String, String, String, Long> processor) {
        MockProcessorContext<String, Long> context = new MockProcessorContext<>();
        buffer.init(context.getStateStoreContext(), buffer);
        hook = CommitHook.builder(VIEWS.commitHookName()).build();
        hook.init(context.getStateStoreContext(), hook);
        context.addStateStore(buffer);
        context.addStateStore(hook);
        processor.init(context);
        return context;
    }

    @Test
    void shouldWriteEachChangedPartialToTheBufferOncePerCommit() {
        PreAggregateProcessor<String, String, String, Long> processor = new PreAggregateProcessor<>(VIEWS);
        start(processor);
        processor.process(new Record<>("u1", "/a", T0 + 1));
        processor.process(new Record<>("u2", "/a", T0 + 5));
        processor.process(new Record<>("u3", "/b", T0 + 3));

        assertEquals(0, buffer.approximateNumEntries(), "nothing written before the commit");
        hook.flushCache();
        assertEquals(2L, count(buffer.get(key(T0, "/a"))));
        assertEquals(T0 + 5, ByteBuffer.wrap(buffer.get(key(T0, "/a"))).getLong(), "with the latest event time");
        assertEquals(1L, count(buffer.get(key(T0, "/b"))));
    }

    @Test
    void shouldStartFromTheBufferAfterARestartAndEmptyItWhenSent() {
        PreAggregateProcessor<String, String, String, Long> first = new PreAggregateProcessor<>(VIEWS);
        start(first);
        first.process(new Record<>("u1", "/a", T0 + 1));
        first.process(new Record<>("u2", "/b", T0 + 2));
        hook.flushCache(); // committed; then the task dies before its flush

        PreAggregateProcessor<String, String, String, Long> second = new PreAggregateProcessor<>(VIEWS);
        MockProcessorContext<String, Long> context = start(second);
        second.process(new Record<>("u3", "/a", T0 + 4));
        second.process(new Record<>("u4", "/c", T0 + MINUTE)); // a new bucket: the first one leaves

        assertEquals(List.of(KeyValue.pair("/a", 2L), KeyValue.pair("/b", 1L)), context.forwarded().stream()
                .map(f -> KeyValue.pair(f.record().key(), f.record().value())).toList());
        hook.flushCache();
        assertNull(buffer.get(key(T0, "/a")), "sent, so gone from the buffer");
        assertNull(buffer.get(key(T0, "/b")));
        assertEquals(1L, count(buffer.get(key(T0 + MINUTE, "/c"))));
    }

    @Test
    void shouldNotStoreAPartialSentBeforeTheCommit() {
        PreAggregateProcessor<String, String, String, Long> processor = new PreAggregateProcessor<>(VIEWS);
        MockProcessorContext<String, Long> context = start(processor);
        processor.process(new Record<>("u1", "/a", T0 + 1));
        context.scheduledPunctuators().get(0).getPunctuator().punctuate(T0);

        assertEquals(1, context.forwarded().size());
        hook.flushCache();
        assertEquals(0, buffer.approximateNumEntries());
    }

    private static Bytes key(long bucket, String page) {
        byte[] pageBytes = page.getBytes(StandardCharsets.UTF_8);
        return Bytes.wrap(ByteBuffer.allocate(Long.BYTES + pageBytes.length).putLong(bucket).put(pageBytes).array());
    }

    private static long count(byte[] bufferValue) {
        return ByteBuffer.wrap(bufferValue, Long.BYTES, Long.BYTES).getLong();
    }
}
