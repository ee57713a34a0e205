package io.eventpipeline.iot.topology;

import static io.eventpipeline.iot.topology.IotDriver.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eventpipeline.core.config.ConfigSource;
import io.eventpipeline.core.event.DashboardUpdate;
import io.eventpipeline.core.serde.JsonSerde;
import io.eventpipeline.core.serde.StateSerde;
import io.eventpipeline.core.streams.TimeIndex;
import io.eventpipeline.core.streams.Watermarks;
import io.eventpipeline.iot.IotConfig;
import io.eventpipeline.iot.IotTopics;
import io.eventpipeline.iot.event.Reading;
import io.eventpipeline.iot.event.SensorType;
import io.eventpipeline.localkafka.MetricProbe;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.TimestampedKeyValueStore;
import org.apache.kafka.streams.state.TimestampedWindowStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

class DeviceStatsTopologyTest {

    @Test
    void shouldComputeExactWindowStatisticsPerDeviceWithLateReadingsInsideTheGrace() {
        try (IotDriver d = new IotDriver(Map.of("grace", "30s"))) {
            d.temperature("t1", 20.0, T0.plusSeconds(5));
            d.temperature("t1", 22.0, T0.plusSeconds(15));
            d.temperature("t1", 24.0, T0.plusSeconds(65)); // next window
            d.temperature("t1", 21.0, T0.plusSeconds(45)); // late, inside the grace: counts in the first
            d.temperature("t2", 30.0, T0.plusSeconds(100)); // stream time 10:01:40: the first window closes (10:01:30)
            d.temperature("t1", 99.0, T0.plusSeconds(50)); // too late: dropped

            WindowStore<String, Stats> stats = d.driver.getWindowStore(DeviceStatsTopology.DEVICE_STATS_STORE);
            Stats first = stats.fetch("t1", T0.toEpochMilli());
            assertEquals(3, first.count());
            assertEquals(20.0, first.min());
            assertEquals(22.0, first.max());
            assertEquals(21.0, first.mean(), 1e-12);
            assertEquals(Math.sqrt(2.0 / 3.0), first.stddev(), 1e-12); // values 20, 22, 21
            assertEquals(1, stats.fetch("t1", T0.plusSeconds(60).toEpochMilli()).count());
            double late = MetricProbe.sensorTotal(d.driver.metrics(),
                    DeviceStatsTopology.LATE_SCOPE_DEVICES, DeviceStatsTopology.LATE_READINGS);
            assertEquals(1.0, late, "the reading of 10:00:50, not the one of 10:00:45 inside the grace");
        }
    }

    @Test
    void shouldPublishEachRoomsStatisticsPerSensorTypeOnceTheWindowCloses() {
        try (IotDriver d = new IotDriver(Map.of("grace", "10s"))) {
            d.temperature("t1", 20.0, T0.plusSeconds(1));
            d.temperature("t2", 23.0, T0.plusSeconds(2));
            d.send(new Reading("h1", "hq", "r1", SensorType.HUMIDITY, 40.0, "%", T0.plusSeconds(3)));
            d.send(new Reading("t9", "hq", "r2", SensorType.TEMPERATURE, 68.0, "F", T0.plusSeconds(4))); // 20 °C
            assertTrue(d.dashboard.isEmpty(), "nothing before the window closes");
            d.temperature("t1", 20.5, T0.plusSeconds(75)); // 10:01:15: past 10:01:00 + 10 s grace

            List<DashboardUpdate> updates = d.dashboard.readValuesToList();
            assertEquals(3, updates.size(), updates.toString());
            Map<String, Map<String, Object>> byRoom = new java.util.HashMap<>();
            updates.forEach(u -> byRoom.put(u.data().get("roomId") + "|" + u.data().get("sensorType"), u.data()));
            Map<String, Object> r1 = byRoom.get("hq:r1|TEMPERATURE");
            assertEquals(2, ((Number) r1.get("count")).intValue());
            assertEquals(21.5, r1.get("mean"));
            assertEquals(1.5, r1.get("stddev"));
            assertEquals(20.0, r1.get("min"));
            assertEquals(23.0, r1.get("max"));
            assertEquals(40.0, byRoom.get("hq:r1|HUMIDITY").get("mean"));
            assertEquals(20.0, byRoom.get("hq:r2|TEMPERATURE").get("mean"));
            assertEquals(DeviceStatsTopology.PANEL, updates.get(0).panel());
            assertEquals(T0, updates.get(0).windowStart());
            assertEquals(T0.plusSeconds(60), updates.get(0).windowEnd());
        }
    }

    @Test
    void shouldPublishEachRoomWindowOnceInWindowOrderAndLeaveOutPartialsLaterThanTheGrace() {
        try (IotDriver d = new IotDriver(Map.of("grace", "10s"))) {
            d.temperature("t1", 20.0, T0.plusSeconds(1));
            d.temperature("t1", 22.0, T0.plusSeconds(61));
            d.temperature("t1", 24.0, T0.plusSeconds(305)); // 10:05:05 closes both, and the empty minutes between

            List<DashboardUpdate> closed = d.dashboard.readValuesToList();
            assertEquals(List.of(T0, T0.plusSeconds(60)), closed.stream().map(DashboardUpdate::windowStart).toList());
            assertEquals(List.of(20.0, 22.0), closed.stream().map(u -> u.data().get("mean")).toList());

            d.temperature("t1", 30.0, T0.plusSeconds(30)); // its window is published: not counted, not published again
            d.temperature("t1", 26.0, T0.plusSeconds(306));
            assertTrue(d.dashboard.isEmpty(), () -> "nothing new has closed: " + d.dashboard.readValuesToList());
            d.temperature("t1", 28.0, T0.plusSeconds(370)); // 10:06:10: 10:05:00 + 1 min + 10 s grace

            List<DashboardUpdate> fifth = d.dashboard.readValuesToList();
            assertEquals(1, fifth.size(), fifth.toString());
            assertEquals(T0.plusSeconds(300), fifth.get(0).windowStart());
            assertEquals(2, ((Number) fifth.get(0).data().get("count")).intValue());
            assertEquals(25.0, fifth.get(0).data().get("mean"));
            double late = MetricProbe.sensorTotal(d.driver.metrics(),
                    DeviceStatsTopology.LATE_SCOPE, DeviceStatsTopology.LATE_PARTIALS);
            assertEquals(1.0, late, "the partial of 10:00:30");
        }
    }

    @Test
    void shouldCloseARoomWindowOnlyOnceEverySenderHasPassedItUnlessASenderWentIdle() {
        // Room partials straight from two tasks of the readings (partitions 0 and 1), as a catch-up sends them:
        // partition 0's task runs ahead of partition 1's by more than the grace.
        IotConfig config = IotConfig.from(ConfigSource.of(Map.of("PIPELINE_GRACE", "10s", "PIPELINE_PARTITIONS", "2",
                "PIPELINE_PARTITION_IDLE_AFTER", "30s"), Map.of()));
        StreamsBuilder builder = new StreamsBuilder();
        DeviceStatsTopology.roomStatistics(builder,
                        builder.stream("partials", Consumed.with(Serdes.String(), JsonSerde.of(Stats.class))), config)
                .to("out", Produced.with(Serdes.String(), IotTopics.DASHBOARD.valueSerde()));
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "iot-rooms-test");
        try (TopologyTestDriver driver = new TopologyTestDriver(builder.build(), props, IotDriver.WALL)) {
            TestInputTopic<String, Stats> partials = driver.createInputTopic("partials", Serdes.String().serializer(),
                    JsonSerde.of(Stats.class).serializer());
            TestOutputTopic<String, DashboardUpdate> out = driver.createOutputTopic("out", Serdes.String().deserializer(),
                    IotTopics.DASHBOARD.valueSerde().deserializer());
            Partial p = (partition, value, at) -> {
                Record<String, Stats> partial = partial("hq:r1|TEMPERATURE", value, partition, T0.plusSeconds(at));
                partials.pipeInput(new TestRecord<>(partial.key(), partial.value(), partial.headers(), T0.plusSeconds(at)));
            };

            p.send(0, 20.0, 5);
            p.send(1, 21.0, 6);
            p.send(0, 30.0, 120); // partition 0 at 10:02:00, far past 10:01:00 + 10 s: partition 1 is not
            assertTrue(out.isEmpty(), () -> "closed before partition 1 passed it: " + out.readValuesToList());
            p.send(1, 22.0, 40); // partition 1 at 10:00:40: in time for the first window
            p.send(1, 23.0, 80); // partition 1 at 10:01:20: the first window closes for both

            List<DashboardUpdate> first = out.readValuesToList();
            assertEquals(1, first.size(), first.toString());
            assertEquals(T0, first.get(0).windowStart());
            assertEquals(3, ((Number) first.get(0).data().get("count")).intValue());
            assertEquals(21.0, first.get(0).data().get("mean"));

            driver.advanceWallClockTime(Duration.ofSeconds(31)); // partition 1 goes idle
            p.send(0, 31.0, 130); // only partition 0 holds back: 10:01 closes (10:02:10 > 10:02:00 + 10 s)
            List<DashboardUpdate> second = out.readValuesToList();
            assertEquals(List.of(T0.plusSeconds(60)), second.stream().map(DashboardUpdate::windowStart).toList());
            assertEquals(23.0, second.get(0).data().get("mean"));

            p.send(1, 24.0, 90); // partition 1 back, behind the windows closed meanwhile: late
            p.send(0, 32.0, 200); // partition 1 holds back again: nothing more closes
            assertTrue(out.isEmpty(), () -> "closed past the partition back from idle: " + out.readValuesToList());
            p.send(1, 25.0, 200); // both at 10:03:20: 10:02 closes
            List<DashboardUpdate> third = out.readValuesToList();
            assertEquals(List.of(T0.plusSeconds(120)), third.stream().map(DashboardUpdate::windowStart).toList());
            assertEquals(2, ((Number) third.get(0).data().get("count")).intValue()); // 30 and 31
            assertEquals(30.5, third.get(0).data().get("mean"));
            double late = MetricProbe.sensorTotal(driver.metrics(),
                    DeviceStatsTopology.LATE_SCOPE, DeviceStatsTopology.LATE_PARTIALS);
            assertEquals(1.0, late, "the partial of 10:01:30 from partition 1");
        }
    }

    @Test
    void shouldCarryTheUnpublishedWindowsOfTheEarlierWindowStoreOverAndWaitForTheStoredSendersAtStart() {
        // The state of a version before 2026-12-08: windows 10:00 (published) and 10:01 (open) in the window
        // store, 10:01 the next to publish; and partition 1's watermark, 10:01:10, stored at the last publication.
        IotConfig config = IotConfig.from(ConfigSource.of(Map.of("PIPELINE_GRACE", "10s", "PIPELINE_PARTITIONS", "2",
                "PIPELINE_PARTITION_IDLE_AFTER", "30s"), Map.of()));
        MockProcessorContext<String, DashboardUpdate> context = new MockProcessorContext<>();
        context.setCurrentSystemTimeMs(IotDriver.WALL.toEpochMilli());
        TimestampedKeyValueStore<String, Stats> open = Stores.timestampedKeyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(DeviceStatsTopology.ROOM_STATS_STORE), Serdes.String(),
                StateSerde.of(Stats.class)).withLoggingDisabled().build();
        KeyValueStore<String, Long> published = Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(DeviceStatsTopology.ROOM_STATS_PUBLISHED_STORE), Serdes.String(),
                Serdes.Long()).withLoggingDisabled().build();
        TimestampedWindowStore<String, Stats> old = Stores.timestampedWindowStoreBuilder(
                Stores.inMemoryWindowStore(DeviceStatsTopology.OLD_ROOM_STATS_STORE, Duration.ofMinutes(5),
                        DeviceStatsTopology.WINDOW, false), Serdes.String(), StateSerde.of(Stats.class))
                .withLoggingDisabled().build();
        for (StateStore store : List.of(open, published, old)) {
            store.init(context.getStateStoreContext(), store);
            context.addStateStore(store);
        }
        String room = "hq:r1|TEMPERATURE";
        old.put(room, ValueAndTimestamp.make(Stats.empty().add(20.0), T0.plusSeconds(5).toEpochMilli()), T0.toEpochMilli());
        old.put(room, ValueAndTimestamp.make(Stats.empty().add(22.0).add(24.0), T0.plusSeconds(70).toEpochMilli()),
                T0.plusSeconds(60).toEpochMilli());
        published.put("next", T0.plusSeconds(60).toEpochMilli());
        published.put("sender-1", T0.plusSeconds(70).toEpochMilli());

        Processor<String, Stats, String, DashboardUpdate> rooms = DeviceStatsTopology.roomAggregate(config).get();
        rooms.init(context);
        try (var left = old.all()) {
            assertFalse(left.hasNext(), "the earlier store is emptied");
        }
        rooms.process(partial(room, 26.0, 0, T0.plusSeconds(75)));
        rooms.process(partial(room, 30.0, 0, T0.plusSeconds(200))); // partition 0 at 10:03:20; partition 1 still at 10:01:10
        assertEquals(List.of(), context.forwarded(), "partition 1 is waited for");
        context.setCurrentSystemTimeMs(IotDriver.WALL.plusSeconds(30).toEpochMilli()); // partition 1 is idle
        rooms.process(partial(room, 31.0, 0, T0.plusSeconds(201))); // closes 10:01 and 10:02

        List<DashboardUpdate> updates = context.forwarded().stream().map(f -> (DashboardUpdate) f.record().value()).toList();
        assertEquals(1, updates.size(), updates.toString());
        assertEquals(T0.plusSeconds(60), updates.get(0).windowStart());
        assertEquals(3, ((Number) updates.get(0).data().get("count")).intValue()); // 22, 24 and 26; not 20
        assertEquals(24.0, updates.get(0).data().get("mean"));
        try (var left = open.all()) {
            assertEquals(List.of(TimeIndex.key(T0.plusSeconds(180).toEpochMilli(), room)),
                    toKeys(left), "published windows leave the store");
        }
        rooms.close();
    }

    /** A one-reading partial of {@code value} at {@code at}, as the task of {@code partition} sends it once it has taken {@code at}. */
    private static Record<String, Stats> partial(String room, double value, int partition, Instant at) {
        return new Watermarks.Stamp().stamp(new Record<>(room, Stats.empty().add(value), at.toEpochMilli()), partition,
                at.toEpochMilli());
    }

    private static List<String> toKeys(Iterator<? extends KeyValue<String, ?>> entries) {
        List<String> keys = new ArrayList<>();
        entries.forEachRemaining(e -> keys.add(e.key));
        return keys;
    }

    private interface Partial {
        void send(int partition, double value, long secondsAfterT0);
    }
}
