package io.eventpipeline.core.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.time.Duration;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.TimestampedWindowStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WindowWriteBackTest {

    private static final Duration SIZE = Duration.ofSeconds(10);

    private TimestampedWindowStore<String, Long> store;
    private WindowWriteBack<String, Long> cache;

    @BeforeEach
    void store() {
        store = Stores.timestampedWindowStoreBuilder(Stores.inMemoryWindowStore("w", Duration.ofHours(1), SIZE, false),
                Serdes.String(), Serdes.Long()).withLoggingDisabled().build();
        MockProcessorContext<Void, Void> context = new MockProcessorContext<>();
        store.init(context.getStateStoreContext(), store);
        // The value doubles as its timestamp.
        cache = new WindowWriteBack<>(store, SIZE, value -> value);
    }

    @Test
    void shouldWriteTheLastValueOfEachKeyAndWindowAtWriteBackOnly() {
        cache.put("a", 0, 1L);
        cache.put("a", 0, 2L);
        cache.put("a", 10_000, 3L);

        assertNull(store.fetch("a", 0));
        cache.writeBack();
        assertEquals(ValueAndTimestamp.make(2L, 2L), store.fetch("a", 0));
        assertEquals(ValueAndTimestamp.make(3L, 3L), store.fetch("a", 10_000));
    }

    @Test
    void shouldAnswerFromMemoryThenFromTheStore() {
        store.put("a", ValueAndTimestamp.make(7L, 7L), 0); // held before the cache opens, as after a restore
        store.put("b", ValueAndTimestamp.make(9L, 9L), 10_000);
        cache = new WindowWriteBack<>(store, SIZE, value -> value);

        assertEquals(7L, cache.get("a", 0));
        assertEquals(9L, cache.get("b", 10_000));
        assertNull(cache.get("a", 10_000));

        Long put = 8L;
        cache.put("a", 0, put);
        assertSame(put, cache.get("a", 0));
    }

    @Test
    void shouldAnswerAWindowNewerThanTheStoreFromMemoryAlone() {
        store.put("a", ValueAndTimestamp.make(7L, 7L), 0);
        cache = new WindowWriteBack<>(store, SIZE, value -> value);
        // Behind the cache's back, which its contract rules out: shows that a newer window is not read from the store.
        store.put("b", ValueAndTimestamp.make(9L, 9L), 10_000);

        assertNull(cache.get("b", 10_000), "a window after every stored one at open: memory holds all of it");
        assertEquals(7L, cache.get("a", 0), "a window the store held: read from it");
        cache.put("c", 10_000, 11L);
        assertEquals(11L, cache.get("c", 10_000));
    }

    @Test
    void shouldForgetClosedWindowsAtTheWriteBackAfterTheirClose() {
        cache.put("a", 0, 1L);
        cache.put("a", 10_000, 2L);
        cache.closeThrough(10_000); // the first window, [0, 10 s), has closed

        assertEquals(2, cache.windowsHeld(), "kept until written back");
        cache.writeBack();
        assertEquals(1, cache.windowsHeld());
        assertEquals(ValueAndTimestamp.make(1L, 1L), store.fetch("a", 0), "written before it was forgotten");
        assertEquals(1L, cache.get("a", 0), "read from the store once forgotten");
    }

    @Test
    void shouldStartWindowsAtMultiplesOfTheSize() {
        assertEquals(10_000, cache.windowStart(19_999));
        assertEquals(-10_000, cache.windowStart(-1));
    }
}
