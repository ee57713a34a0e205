package io.eventpipeline.core.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.TimestampedKeyValueStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WatermarkWindowsTest {

    private static final Duration MINUTE = Duration.ofMinutes(1);
    private static final Duration GRACE = Duration.ofSeconds(10);
    private static final Duration IDLE = Duration.ofSeconds(30);
    private static final long T0 = 1_800_000_000_000L - 1_800_000_000_000L % 300_000; // on a 5-minute boundary

    private TimestampedKeyValueStore<String, Long> windows;
    private KeyValueStore<String, Long> meta;
    private final List<String> published = new ArrayList<>();

    @BeforeEach
    void stores() {
        MockProcessorContext<Void, Void> context = new MockProcessorContext<>();
        windows = Stores.timestampedKeyValueStoreBuilder(Stores.inMemoryKeyValueStore("w"), Serdes.String(), Serdes.Long())
                .withLoggingDisabled().build();
        meta = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("m"), Serdes.String(), Serdes.Long())
                .withLoggingDisabled().build();
        windows.init(context.getStateStoreContext(), windows);
        meta.init(context.getStateStoreContext(), meta);
    }

    @Test
    void shouldPublishEachTumblingWindowOnceInOrderWhenTheSlowestSenderHasPassedIt() {
        WatermarkWindows<Long> counts = tumbling(Duration.ZERO);
        send(counts, 0, "b", 1, 5);
        send(counts, 1, "a", 1, 6);
        send(counts, 0, "a", 2, 130); // sender 0 at 10:02:10, sender 1 at 10:00:06: nothing closes
        assertEquals(List.of(), published);
        send(counts, 1, "a", 4, 40); // sender 1 in time for the first minute
        send(counts, 1, "b", 8, 71); // sender 1 at 10:01:11: the first minute closes, before the second's record

        assertEquals(List.of("0:a=5", "0:b=1"), published);
        send(counts, 1, "b", 16, 135); // both past 10:02:10: the second minute (b=8) closes
        assertEquals(List.of("0:a=5", "0:b=1", "60:b=8"), published);
        assertFalse(counts.add("a", 32L, T0 + 59_000), "its window is published");
        assertNull(windows.get(TimeIndex.key(T0, "a")), "published windows leave the store");
        assertNotNull(windows.get(TimeIndex.key(T0 + 120_000, "a")));
    }

    @Test
    void shouldCountARecordInEveryHoppingWindowThatHoldsIt() {
        WatermarkWindows<Long> counts = new WatermarkWindows<>(windows, meta, Duration.ofMinutes(5), MINUTE, GRACE,
                Duration.ZERO, 1, IDLE, Long::sum, 0);
        send(counts, 0, "p", 1, 150); // 10:02:30: windows from 09:58 to 10:02
        assertEquals(List.of(TimeIndex.key(T0 + 120_000, "p")), keys(), "written once, to its minute's slice");
        send(counts, 0, "p", 10, 400); // 10:06:40: windows from 10:02 to 10:06; those starting by 10:01:30 close

        assertEquals(List.of("-120:p=1", "-60:p=1", "0:p=1", "60:p=1"), published);
        send(counts, 0, "p", 100, 800); // 10:13:20: those starting by 10:08:10 close (10:07 and 10:08 empty)
        assertEquals(List.of("-120:p=1", "-60:p=1", "0:p=1", "60:p=1", "120:p=11", "180:p=10", "240:p=10",
                "300:p=10", "360:p=10"), published);
    }

    @Test
    void shouldKeepClosedWindowsForTheRetentionAndResumeAfterARestart() {
        WatermarkWindows<Long> counts = tumbling(Duration.ofMinutes(2));
        send(counts, 0, "a", 1, 5);
        send(counts, 1, "a", 2, 6);
        send(counts, 0, "a", 4, 140);
        send(counts, 1, "a", 8, 140); // both at 10:02:20: 10:00 and 10:01 close

        assertEquals(List.of("0:a=3"), published);
        assertNotNull(windows.get(TimeIndex.key(T0, "a")), "kept after it closed");
        send(counts, 0, "x", 1, 320);
        send(counts, 1, "x", 1, 320); // 10:05:20: 10:02 to 10:04 close, and 10:00 has been closed two minutes
        assertNull(windows.get(TimeIndex.key(T0, "a")));
        assertEquals(List.of("0:a=3", "120:a=12"), published);

        // A restart: the next window and both senders come back from the store; sender 1 is waited for.
        WatermarkWindows<Long> restarted = tumbling(Duration.ofMinutes(2));
        assertEquals(T0 + 300_000, restarted.next());
        send(restarted, 0, "y", 1, 500);
        assertEquals(List.of("0:a=3", "120:a=12"), published, "sender 1 still at 10:05:20");
        send(restarted, 1, "y", 1, 500);
        assertEquals(List.of("0:a=3", "120:a=12", "300:x=2"), published);
    }

    @Test
    void shouldPublishWindowsFilledBeforeTheFirstWatermarkEvenAfterARestart() {
        WatermarkWindows<Long> counts = tumbling(Duration.ZERO);
        send(counts, 0, "a", 1, 5); // sender 1 not heard yet: no watermark, nothing can close
        send(counts, 0, "a", 2, 130);
        assertEquals(List.of(), published);

        // A restart before any watermark: sender 1 is waited for again, and the windows of 10:00 and 10:02 are not forgotten.
        WatermarkWindows<Long> restarted = tumbling(Duration.ZERO);
        send(restarted, 0, "b", 4, 200);
        send(restarted, 1, "b", 8, 200); // both at 10:03:20: every window starting by 10:01:10 closes
        assertEquals(List.of("0:a=1", "120:a=2"), published);
        assertNull(meta.get("oldest"), "needed only until the first watermark");
    }

    private List<String> keys() {
        List<String> keys = new ArrayList<>();
        try (var all = windows.all()) {
            all.forEachRemaining(entry -> keys.add(entry.key));
        }
        return keys;
    }

    private WatermarkWindows<Long> tumbling(Duration retain) {
        return new WatermarkWindows<>(windows, meta, MINUTE, MINUTE, GRACE, retain, 2, IDLE, Long::sum, 0);
    }

    /** A record of {@code key} and {@code value} at T0 plus {@code seconds}, from the task of {@code sender} once it has taken it. */
    private void send(WatermarkWindows<Long> counts, int sender, String key, long value, long seconds) {
        long at = T0 + seconds * 1000;
        Headers stamp = new Watermarks.Stamp().stamp(new Record<>(key, value, at), sender, at).headers();
        assertTrue(counts.add(key, value, at), () -> key + " at " + seconds + " s is late");
        counts.advance(stamp, 0, (start, k, sum) -> published.add((start - T0) / 1000 + ":" + k + "=" + sum.value()));
    }
}
