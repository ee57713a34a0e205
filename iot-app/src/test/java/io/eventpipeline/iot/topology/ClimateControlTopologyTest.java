package io.eventpipeline.iot.topology;

import static io.eventpipeline.iot.topology.IotDriver.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eventpipeline.core.serde.StateSerde;
import io.eventpipeline.core.streams.Watermarks;
import io.eventpipeline.iot.event.DeviceProfile;
import io.eventpipeline.iot.event.HvacCommand;
import io.eventpipeline.iot.event.HvacMode;
import io.eventpipeline.iot.event.Reading;
import io.eventpipeline.iot.event.SensorType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

class ClimateControlTopologyTest {

    // Default setpoint 21 °C, deadband 1 °C: heat below 20, cool above 22, stop at 21.

    @Test
    void shouldSendACommandOnlyWhenTheRoomsModeChanges() {
        try (IotDriver d = new IotDriver()) {
            d.temperature("t1", 20.5, T0);
            d.temperature("t2", 19.0, T0.plusSeconds(1)); // average 19.75: heat
            d.temperature("t1", 20.0, T0.plusSeconds(10)); // 19.5: still heating, no new command
            d.temperature("t2", 21.0, T0.plusSeconds(11)); // 20.5: inside the deadband, still heating
            d.temperature("t1", 21.0, T0.plusSeconds(20)); // 21.0: reached, off
            d.temperature("t2", 23.4, T0.plusSeconds(21)); // 22.2: cool
            d.temperature("t1", 21.0, T0.plusSeconds(30)); // 22.2 again: unchanged
            List<HvacCommand> commands = d.hvac.readValuesToList();
            assertEquals(List.of(HvacMode.HEAT, HvacMode.OFF, HvacMode.COOL), commands.stream().map(HvacCommand::mode).toList());
            HvacCommand heat = commands.get(0);
            assertEquals("hq:r1", heat.roomId());
            assertEquals(19.75, heat.temperature());
            assertEquals(21.0, heat.target());
            assertEquals(T0.plusSeconds(1), heat.timestamp());
            assertEquals("hq:r1@" + T0.plusSeconds(1) + "#HEAT", heat.commandId());
            assertEquals(22.2, commands.get(2).temperature());

            KeyValueStore<String, RoomClimate> rooms = d.driver.getKeyValueStore(ClimateControlTopology.ROOMS_STORE);
            assertEquals(HvacMode.COOL, rooms.get("hq:r1").mode());
            assertEquals(2, rooms.get("hq:r1").devices().size());
        }
    }

    @Test
    void shouldUseTheSetpointFromTheRegistryAndIgnoreOtherSensorsAndStaleReadings() {
        try (IotDriver d = new IotDriver()) {
            d.register(new DeviceProfile("t1", "hq", "r1", SensorType.TEMPERATURE, null, 18.0, 0.5));
            d.temperature("t1", 19.0, T0); // 19 > 18.5: cool
            d.send(new Reading("h1", "hq", "r1", SensorType.HUMIDITY, 5.0, "%", T0.plusSeconds(1)));
            d.temperature("t1", 10.0, T0.minusSeconds(5)); // stale: ignored
            List<HvacCommand> commands = d.hvac.readValuesToList();
            assertEquals(1, commands.size(), commands.toString());
            assertEquals(HvacMode.COOL, commands.get(0).mode());
            assertEquals(18.0, commands.get(0).target());
            assertTrue(d.hvac.isEmpty());
        }
    }

    @Test
    void shouldLeaveOutDevicesWhoseNewestTemperatureIsOlderThanTheWindow() {
        try (IotDriver d = new IotDriver(java.util.Map.of("climate.window", "1m"))) {
            d.temperature("t1", 15.0, T0); // heat
            d.temperature("t2", 21.0, T0.plusSeconds(120)); // t1 too old now: 21.0, off
            assertEquals(List.of(HvacMode.HEAT, HvacMode.OFF), d.hvac.readValuesToList().stream().map(HvacCommand::mode).toList());
        }
    }

    @Test
    void shouldKeepADeviceOfAReadingTaskThatIsBehindAndDropItOnceThatTaskIsIdle() {
        // Two reading tasks; the one of partition 0 runs ten minutes ahead of partition 1's, as in a catch-up.
        MockProcessorContext<String, HvacCommand> context = new MockProcessorContext<>();
        context.setCurrentSystemTimeMs(IotDriver.WALL.toEpochMilli());
        KeyValueStore<String, RoomClimate> rooms = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(
                ClimateControlTopology.ROOMS_STORE), Serdes.String(), StateSerde.of(RoomClimate.class)).withLoggingDisabled().build();
        KeyValueStore<String, Long> senders = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(
                ClimateControlTopology.SENDERS_STORE), Serdes.String(), Serdes.Long()).withLoggingDisabled().build();
        for (StateStore store : List.of(rooms, senders)) {
            store.init(context.getStateStoreContext(), store);
            context.addStateStore(store);
        }
        Duration idle = Duration.ofSeconds(30);
        ClimateControlTopology.Controller controller = new ClimateControlTopology.Controller(Duration.ofMinutes(5), 2, idle);
        controller.init(context);

        controller.process(temperature("a", 19.0, 0, T0)); // 19 < 20: heat
        controller.process(temperature("b", 23.0, 1, T0.plusSeconds(30))); // 21.0: off
        controller.process(temperature("a", 19.0, 0, T0.plusSeconds(600))); // partition 1 at 10:00:30: b still counts, 21.0
        assertEquals(List.of(HvacMode.HEAT, HvacMode.OFF), modes(context));
        assertEquals(2, rooms.get("hq:r1").devices().size());

        context.setCurrentSystemTimeMs(IotDriver.WALL.plus(idle).toEpochMilli()); // partition 1 idle
        controller.process(temperature("a", 19.0, 0, T0.plusSeconds(605))); // b five minutes behind 10:10:05: out, 19.0
        assertEquals(List.of(HvacMode.HEAT, HvacMode.OFF, HvacMode.HEAT), modes(context));
        assertEquals(1, rooms.get("hq:r1").devices().size());
        List<String> headers = new ArrayList<>();
        context.forwarded().get(2).record().headers().forEach(h -> headers.add(h.key()));
        assertFalse(headers.contains(Watermarks.TIME_HEADER), "the watermark stays inside the app: " + headers);
    }

    /** A temperature of device {@code device} in room hq:r1 at {@code at}, as the task of {@code partition} sends it once it has taken {@code at}. */
    private static Record<String, RoomTemperature> temperature(String device, double celsius, int partition, Instant at) {
        return new Watermarks.Stamp().stamp(new Record<>("hq:r1", new RoomTemperature(device, celsius, at, 21.0, 1.0),
                at.toEpochMilli()), partition, at.toEpochMilli());
    }

    private static List<HvacMode> modes(MockProcessorContext<String, HvacCommand> context) {
        return context.forwarded().stream().map(f -> f.record().value().mode()).toList();
    }
}
