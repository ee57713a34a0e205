package io.eventpipeline.iot.topology;

import static io.eventpipeline.iot.topology.IotDriver.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eventpipeline.iot.event.DeviceProfile;
import io.eventpipeline.iot.event.HvacCommand;
import io.eventpipeline.iot.event.HvacMode;
import io.eventpipeline.iot.event.Reading;
import io.eventpipeline.iot.event.SensorType;
import java.util.List;
import org.apache.kafka.streams.state.KeyValueStore;
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
}
