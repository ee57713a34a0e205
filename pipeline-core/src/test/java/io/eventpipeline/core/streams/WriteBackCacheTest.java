package io.eventpipeline.core.streams;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WriteBackCacheTest {

    private KeyValueStore<String, String> store;

    @BeforeEach
    void store() {
        store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("s"), Serdes.String(), Serdes.String())
                .withLoggingDisabled().build();
        MockProcessorContext<Void, Void> context = new MockProcessorContext<>();
        store.init(context.getStateStoreContext(), store);
    }

    @Test
    void shouldWriteTheLastValueOfEachKeyAtWriteBackOnly() {
        WriteBackCache<String, String> cache = new WriteBackCache<>(store, 10);
        cache.put("a", "1");
        cache.put("a", "2");
        cache.put("b", "3");

        assertNull(store.get("a"));
        assertEquals(2, cache.pending());
        cache.writeBack();
        assertEquals("2", store.get("a"));
        assertEquals("3", store.get("b"));
        assertEquals(0, cache.pending());
    }

    @Test
    void shouldAnswerFromMemoryOnceReadOrWritten() {
        store.put("a", "stored");
        WriteBackCache<String, String> cache = new WriteBackCache<>(store, 10);
        String first = cache.get("a");
        // Changed behind the cache's back (which its contract rules out): the cache still answers what it read.
        store.put("a", "changed");

        assertSame(first, cache.get("a"));
        cache.put("b", "written");
        assertEquals("written", cache.get("b"));
    }

    @Test
    void shouldReadTheStoreForKeysItDoesNotHold() {
        store.put("a", "stored");
        WriteBackCache<String, String> cache = new WriteBackCache<>(store, 10);

        assertEquals("stored", cache.get("a"));
        assertNull(cache.get("missing"));
        assertEquals(1, cache.size()); // an absent key is not held
    }

    @Test
    void shouldDeleteOnNullAtWriteBack() {
        store.put("a", "stored");
        WriteBackCache<String, String> cache = new WriteBackCache<>(store, 10);
        cache.put("a", null);

        assertNull(cache.get("a")); // deleted, though the store still has it until the write-back
        assertEquals("stored", store.get("a"));
        cache.writeBack();
        assertNull(store.get("a"));
        assertEquals(0, cache.size());
    }

    @Test
    void shouldAnswerAWrittenKeyPushedOutOfTheRecentOnesUntilItIsWrittenBack() {
        store.put("x", "stored x");
        store.put("y", "stored y");
        WriteBackCache<String, String> cache = new WriteBackCache<>(store, 2);
        cache.put("a", "1");
        cache.get("x");
        cache.get("y"); // x and y are now the two most recent keys

        assertEquals(2, cache.size());
        assertNull(store.get("a"));
        assertEquals("1", cache.get("a")); // not held any more, not yet in the store: still its value
    }

    @Test
    void shouldWriteBackAtOnceWhenMoreKeysThanItsCapacityAreWaiting() {
        WriteBackCache<String, String> cache = new WriteBackCache<>(store, 2);
        cache.put("a", "1");
        cache.put("b", "2");
        assertNull(store.get("a"));
        cache.put("c", "3");

        assertEquals("1", store.get("a"));
        assertEquals("2", store.get("b"));
        assertEquals("3", store.get("c"));
        assertEquals(0, cache.pending());
    }

    @Test
    void shouldRefuseANonPositiveCapacity() {
        assertThrows(IllegalArgumentException.class, () -> new WriteBackCache<>(store, 0));
    }

    /**
     * The contract with Kafka Streams this cache rests on: a task's commit flushes store caches (and with them
     * the commit hook) before the producer, so the write-back is in the commit. The test driver commits after
     * every input record, so each record's last value per key reaches the changelog, and the two puts a
     * record makes are one changelog record.
     */
    @Test
    void shouldWriteItsValuesToTheChangelogInEveryCommit() {
        StreamsBuilder builder = new StreamsBuilder();
        String[] stores = WriteBackCache.addStores(builder,
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore("counts"), Serdes.String(), Serdes.Long()));
        assertArrayEquals(new String[] {"counts", "counts-commit"}, stores);
        builder.stream("in", Consumed.with(Serdes.String(), Serdes.String()))
                .processValues(TwoPutsPerRecord::new, Named.as("count"), stores)
                .to("out");
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "write-back");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.DEFAULT_KEY_SERDE_CLASS_CONFIG, Serdes.StringSerde.class);
        props.put(StreamsConfig.DEFAULT_VALUE_SERDE_CLASS_CONFIG, Serdes.LongSerde.class);
        try (TopologyTestDriver driver = new TopologyTestDriver(builder.build(), props)) {
            TestInputTopic<String, String> in = driver.createInputTopic("in", Serdes.String().serializer(),
                    Serdes.String().serializer());
            TestOutputTopic<String, Long> changelog = driver.createOutputTopic("write-back-counts-changelog",
                    Serdes.String().deserializer(), Serdes.Long().deserializer());
            TestOutputTopic<String, Long> out = driver.createOutputTopic("out", Serdes.String().deserializer(),
                    Serdes.Long().deserializer());
            in.pipeInput("a", "x");
            in.pipeInput("a", "x");
            in.pipeInput("b", "x");

            assertEquals(List.of(KeyValue.pair("a", 2L), KeyValue.pair("a", 4L), KeyValue.pair("b", 2L)),
                    changelog.readKeyValuesToList());
            assertEquals(List.of(KeyValue.pair("a", 2L), KeyValue.pair("a", 4L), KeyValue.pair("b", 2L)),
                    out.readKeyValuesToList());
            KeyValueStore<String, Long> counts = driver.getKeyValueStore("counts");
            assertEquals(4L, counts.get("a"));
            assertTrue(changelog.isEmpty() && out.isEmpty());
        }
    }

    /** Counts each key's records twice over, a put at a time. */
    private static final class TwoPutsPerRecord implements FixedKeyProcessor<String, String, Long> {

        private FixedKeyProcessorContext<String, Long> context;
        private WriteBackCache<String, Long> counts;

        @Override
        public void init(FixedKeyProcessorContext<String, Long> context) {
            this.context = context;
            this.counts = WriteBackCache.open(context, "counts", 100);
        }

        @Override
        public void process(FixedKeyRecord<String, String> record) {
            for (int i = 0; i < 2; i++) {
                Long count = counts.get(record.key());
                counts.put(record.key(), count == null ? 1 : count + 1);
            }
            context.forward(record.withValue(counts.get(record.key())));
        }
    }
}
