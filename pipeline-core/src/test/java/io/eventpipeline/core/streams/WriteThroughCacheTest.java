package io.eventpipeline.core.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WriteThroughCacheTest {

    private KeyValueStore<String, String> store;

    @BeforeEach
    void store() {
        store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("s"), Serdes.String(), Serdes.String())
                .withLoggingDisabled().build();
        MockProcessorContext<Void, Void> context = new MockProcessorContext<>();
        store.init(context.getStateStoreContext(), store);
    }

    @Test
    void shouldWriteEveryPutToTheStoreAtOnce() {
        WriteThroughCache<String, String> cache = new WriteThroughCache<>(store, 10);
        cache.put("a", "1");
        cache.put("a", "2");
        cache.put("b", "3");

        assertEquals("2", store.get("a"));
        assertEquals("3", store.get("b"));
    }

    @Test
    void shouldAnswerFromMemoryOnceReadOrWritten() {
        store.put("a", "stored");
        WriteThroughCache<String, String> cache = new WriteThroughCache<>(store, 10);
        String first = cache.get("a");
        // Changed behind the cache's back (which its contract rules out): the cache still answers what it read.
        store.put("a", "changed");

        assertSame(first, cache.get("a"));
        cache.put("b", "written");
        store.delete("b");
        assertEquals("written", cache.get("b"));
    }

    @Test
    void shouldReadTheStoreForKeysItDoesNotHold() {
        store.put("a", "stored");
        WriteThroughCache<String, String> cache = new WriteThroughCache<>(store, 10);

        assertEquals("stored", cache.get("a"));
        assertNull(cache.get("missing"));
        assertEquals(1, cache.size()); // an absent key is not held
    }

    @Test
    void shouldDeleteOnNull() {
        WriteThroughCache<String, String> cache = new WriteThroughCache<>(store, 10);
        cache.put("a", "1");
        cache.put("a", null);

        assertNull(store.get("a"));
        assertNull(cache.get("a"));
        assertEquals(0, cache.size());
    }

    @Test
    void shouldKeepTheMostRecentlyUsedKeysUpToItsCapacity() {
        WriteThroughCache<String, String> cache = new WriteThroughCache<>(store, 2);
        cache.put("a", "1");
        cache.put("b", "2");
        cache.get("a"); // a is now more recent than b
        cache.put("c", "3");
        store.put("a", "a-in-store");
        store.put("b", "b-in-store");

        assertEquals(2, cache.size());
        assertEquals("1", cache.get("a"));          // held
        assertEquals("b-in-store", cache.get("b")); // evicted, so read again from the store
    }

    @Test
    void shouldRefuseANonPositiveCapacity() {
        assertThrows(IllegalArgumentException.class, () -> new WriteThroughCache<>(store, 0));
    }
}
