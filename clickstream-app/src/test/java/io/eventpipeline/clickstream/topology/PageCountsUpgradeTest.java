package io.eventpipeline.clickstream.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.eventpipeline.clickstream.ClickstreamConfig;
import io.eventpipeline.clickstream.topology.PageAnalyticsTopology.WindowedPageCount;
import io.eventpipeline.core.streams.TimeIndex;
import io.eventpipeline.core.streams.Watermarks;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.TimestampedKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.junit.jupiter.api.Test;

/** The 5-minute page counts of a version that kept whole windows, read on by one that keeps minutes. */
class PageCountsUpgradeTest {

    private static final long T0 = 1_800_000_000_000L - 1_800_000_000_000L % 300_000; // on a 5-minute boundary
    private static final ClickstreamConfig ONE_PARTITION = new ClickstreamConfig(Duration.ofSeconds(30),
            Duration.ofMinutes(30), 10, Duration.ofSeconds(10), 100, 5.0, 5, 1, "target/archive", Duration.ofSeconds(1));
    private static final String STORE = PageAnalyticsTopology.VIEWS_5M_STORE;

    @Test
    void shouldCountTheOpenWindowsOfAnEarlierVersionExactly() {
        MockProcessorContext<Long, WindowedPageCount> context = new MockProcessorContext<>();
        context.setCurrentSystemTimeMs(T0 + 600_000);
        TimestampedKeyValueStore<String, Long> counts = Stores.timestampedKeyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(STORE), Serdes.String(), Serdes.Long()).withLoggingDisabled().build();
        KeyValueStore<String, Long> published = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(STORE + "-published"),
                Serdes.String(), Serdes.Long()).withLoggingDisabled().build();
        for (StateStore store : List.of(counts, published)) {
            store.init(context.getStateStoreContext(), store);
            context.addStateStore(store);
        }
        // As the earlier version left them: views of /p at 0:30 (1), 1:30 (2) and 2:30 (4), each in every open
        // window holding it, the windows before 10:00 published and gone.
        published.put("next", T0);
        published.put("sender-0", T0 + 150_000);
        counts.put(TimeIndex.key(T0, "/p"), ValueAndTimestamp.make(7L, T0 + 150_000));
        counts.put(TimeIndex.key(T0 + 60_000, "/p"), ValueAndTimestamp.make(6L, T0 + 150_000));
        counts.put(TimeIndex.key(T0 + 120_000, "/p"), ValueAndTimestamp.make(4L, T0 + 150_000));

        Processor<String, Long, Long, WindowedPageCount> pageCounts = PageAnalyticsTopology.pageCounts(
                Duration.ofMinutes(5), Duration.ZERO, STORE, ONE_PARTITION).get();
        pageCounts.init(context);
        assertEquals(4L, counts.get(TimeIndex.key(T0 + 120_000, "/p")).value(), "2:30 alone in its minute");
        assertEquals(2L, counts.get(TimeIndex.key(T0 + 60_000, "/p")).value());
        assertEquals(1L, counts.get(TimeIndex.key(T0, "/p")).value());

        pageCounts.process(views("/p", 8, T0 + 200_000));
        pageCounts.process(views("/p", 16, T0 + 460_000)); // the windows starting by 2:10 close
        List<String> windows = context.forwarded().stream()
                .map(f -> (f.record().key() - T0) / 1000 + ":" + f.record().value().count().views()).toList();
        assertEquals(List.of("0:15", "60:14", "120:12"), windows); // 1+2+4+8, 2+4+8, 4+8

        // Converted once: a second start leaves the minutes as they are.
        PageAnalyticsTopology.pageCounts(Duration.ofMinutes(5), Duration.ZERO, STORE, ONE_PARTITION).get().init(context);
        assertEquals(8L, counts.get(TimeIndex.key(T0 + 180_000, "/p")).value());
        pageCounts.close();
    }

    /** {@code views} of {@code page} counted by the one task at {@code at}, stamped with that time. */
    private static Record<String, Long> views(String page, long views, long at) {
        return new Watermarks.Stamp().stamp(new Record<>(page, views, at), 0, at);
    }
}
