package io.eventpipeline.core.streams;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.time.Duration;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WatermarksTest {

    private static final Duration IDLE = Duration.ofSeconds(30);
    private KeyValueStore<String, Long> store;

    @BeforeEach
    void store() {
        store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("w"), Serdes.String(), Serdes.Long())
                .withLoggingDisabled().build();
        MockProcessorContext<Void, Void> context = new MockProcessorContext<>();
        store.init(context.getStateStoreContext(), store);
    }

    @Test
    void shouldStampTheNewestTimeTakenOnACopyOfTheHeaders() {
        Watermarks.Stamp stamp = new Watermarks.Stamp();
        Headers shared = new RecordHeaders().add("trace", new byte[] {1});
        Record<String, String> first = stamp.stamp(new Record<>("k", "v", 500L, shared), 3, 500L);
        Record<String, String> older = stamp.stamp(new Record<>("k", "v", 200L, shared), 3, 200L);

        assertEquals(500L, time(first.headers()));
        assertEquals(500L, time(older.headers()), "an older record does not move the watermark back");
        assertEquals(3, ByteBuffer.wrap(older.headers().lastHeader(Watermarks.SENDER_HEADER).value()).getInt());
        assertArrayEquals(new byte[] {1}, older.headers().lastHeader("trace").value());
        assertNull(shared.lastHeader(Watermarks.TIME_HEADER), "the record's own headers are left as they were");
        Record<String, String> again = stamp.stamp(older, 3, 900L);
        assertEquals(3, again.headers().toArray().length, "trace, sender and time: the stamp replaces an earlier one");
        assertEquals(900L, time(again.headers()));
    }

    @Test
    void shouldBeTheLeastWatermarkOfTheSendersHeardFromWithinTheIdleTime() {
        Watermarks watermarks = Watermarks.open(store, "sender-", 0, IDLE, 0);
        assertEquals(Long.MIN_VALUE, watermarks.current(0), "no sender yet");
        assertTrue(watermarks.observe(stamped(0, 10_000), 0));
        assertTrue(watermarks.observe(stamped(1, 4_000), 0));
        assertTrue(watermarks.observe(stamped(0, 12_000), 1_000));
        assertEquals(4_000, watermarks.current(1_000), "sender 1 holds back");
        assertTrue(watermarks.observe(stamped(1, 3_000), 5_000));
        assertEquals(4_000, watermarks.current(5_000), "a sender's watermark never goes back");

        assertTrue(watermarks.observe(stamped(0, 14_000), 34_000));
        assertEquals(4_000, watermarks.current(34_999), "sender 1 silent for not quite 30 s");
        assertEquals(14_000, watermarks.current(35_000), "sender 1, silent for 30 s, is idle");
        assertTrue(watermarks.observe(stamped(1, 6_000), 36_000));
        assertEquals(6_000, watermarks.current(36_000), "and holds back again once it sends");
        assertFalse(watermarks.observe(new RecordHeaders(), 36_000), "no stamp");
        assertEquals(Long.MIN_VALUE, watermarks.current(100_000), "every sender idle");
    }

    @Test
    void shouldWaitForTheStoredSendersAfterARestart() {
        Watermarks before = Watermarks.open(store, "sender-", 0, IDLE, 0);
        before.observe(stamped(0, 10_000), 0);
        before.observe(stamped(1, 8_000), 0);
        before.save();
        store.put("next", 60_000L); // another key of the store, not a sender

        Watermarks after = Watermarks.open(store, "sender-", 0, IDLE, 50_000);
        after.observe(stamped(0, 20_000), 50_000);
        assertEquals(8_000, after.current(50_000), "sender 1 is waited for");
        after.observe(stamped(0, 21_000), 79_000);
        assertEquals(21_000, after.current(80_000), "until it is idle");
        assertEquals(10_000L, store.get("sender-0"));
    }

    @Test
    void shouldWaitALittleAtAStartForEveryPartitionUpstreamThatHasNotSent() {
        Watermarks watermarks = Watermarks.open(store, "sender-", 2, IDLE, 0);
        watermarks.observe(stamped(0, 10_000), 0);
        assertEquals(Long.MIN_VALUE, watermarks.current(1_000), "partition 1 has not sent yet");
        watermarks.observe(stamped(1, 7_000), 2_000);
        assertEquals(7_000, watermarks.current(2_000));
        watermarks.observe(stamped(2, 5_000), 3_000);
        assertEquals(5_000, watermarks.current(3_000), "a partition beyond those known counts once it sends");

        Watermarks lonely = Watermarks.open(store, "other-", 2, IDLE, 0);
        lonely.observe(stamped(0, 10_000), 1_000);
        assertEquals(Long.MIN_VALUE, lonely.current(9_999), "partition 1 waited for");
        assertEquals(10_000, lonely.current(Watermarks.START_WAIT_SECONDS * 1000L),
                "partition 1, silent since the start, is no longer waited for");
    }

    private static Headers stamped(int sender, long watermark) {
        return new Watermarks.Stamp().stamp(new Record<>("k", "v", watermark), sender, watermark).headers();
    }

    private static long time(Headers headers) {
        return ByteBuffer.wrap(headers.lastHeader(Watermarks.TIME_HEADER).value()).getLong();
    }
}
