package io.eventpipeline.iot.generator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eventpipeline.core.flow.FlowCommand;
import io.eventpipeline.core.flow.FlowStep;
import io.eventpipeline.core.generator.EventFactory;
import io.eventpipeline.core.generator.GeneratorFeedback;
import io.eventpipeline.core.generator.GeneratorSeed;
import io.eventpipeline.core.reactive.Outbound;
import io.eventpipeline.iot.IotTopics;
import io.eventpipeline.iot.event.DeviceProfile;
import io.eventpipeline.iot.event.Reading;
import io.eventpipeline.iot.event.SensorType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class IotGeneratorTest {

    private static final Instant START = Instant.parse("2026-11-20T10:00:00Z");
    private static final Map<String, String> NO_FAULTS = Map.of("devices", "40", "spikes", "0", "stuck", "0", "drift", "0",
            "dropouts", "0", "duplicates", "0", "out-of-order", "0", "malformed", "0");

    private static List<Outbound<String, byte[]>> generate(Map<String, String> options, long seed, int count, long stepMillis) {
        EventFactory<String, byte[]> factory = new IotGenerator().factory(options);
        SplittableRandom random = new SplittableRandom(seed);
        List<Outbound<String, byte[]>> records = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            records.add(factory.next(i, random, START.plusMillis(i * stepMillis)));
        }
        return records;
    }

    private static Reading read(Outbound<String, byte[]> record) {
        return IotTopics.READINGS.valueSerde().deserializer().deserialize("t", record.value());
    }

    @Test
    void shouldMakeValidReadingsOfRegisteredDevicesInTurn() {
        @SuppressWarnings("unchecked")
        GeneratorSeed<String, DeviceProfile> seed = (GeneratorSeed<String, DeviceProfile>) new IotGenerator().seeds(NO_FAULTS).get(0);
        assertEquals(IotTopics.DEVICES, seed.topic());
        Map<String, DeviceProfile> registry = new HashMap<>();
        seed.records().forEach(r -> registry.put(r.key(), r.value()));
        assertEquals(40, registry.size());

        List<Outbound<String, byte[]>> records = generate(NO_FAULTS, 3, 400, 25);
        for (int i = 0; i < records.size(); i++) {
            Reading reading = read(records.get(i));
            assertEquals("dev-" + (i % 40), reading.deviceId(), "devices take turns");
            assertEquals(reading.deviceId(), records.get(i).key());
            DeviceProfile profile = registry.get(reading.deviceId());
            assertEquals(profile.siteId(), reading.siteId());
            assertEquals(profile.room(), reading.room());
            assertEquals(profile.sensorType(), reading.sensorType());
            double value = reading.normalized().value();
            switch (reading.sensorType()) {
                case TEMPERATURE -> assertTrue(value > 17 && value < 25, reading.toString());
                case HUMIDITY -> assertTrue(value > 35 && value < 55, reading.toString());
                case CO2 -> assertTrue(value > 550 && value < 900, reading.toString());
            }
        }
        assertTrue(records.stream().map(IotGeneratorTest::read).anyMatch(r -> r.unit().equals("F")), "some sensors report in F");
    }

    @Test
    void shouldInjectEveryKindOfFault() {
        Map<String, String> options = new HashMap<>(NO_FAULTS);
        options.putAll(Map.of("devices", "20", "spikes", "0.01", "stuck", "0.005", "drift", "0.005", "dropouts", "0.002",
                "dropout-seconds", "60", "duplicates", "0.01", "malformed", "0.01", "out-of-order", "0.01"));
        List<Outbound<String, byte[]>> records = generate(options, 11, 20_000, 50); // each device every second
        int malformed = 0;
        int duplicates = 0;
        int outOfOrder = 0;
        Map<String, List<Reading>> byDevice = new HashMap<>();
        Outbound<String, byte[]> previous = null;
        long index = 0;
        for (Outbound<String, byte[]> record : records) {
            Instant now = START.plusMillis(index++ * 50);
            if (record == previous) {
                duplicates++;
                continue;
            }
            previous = record;
            try {
                Reading reading = read(record);
                byDevice.computeIfAbsent(reading.deviceId(), d -> new ArrayList<>()).add(reading);
                if (reading.timestamp().isBefore(now)) {
                    outOfOrder++;
                }
            } catch (SerializationException e) {
                malformed++;
            }
        }
        assertTrue(malformed > 100 && malformed < 300, "malformed: " + malformed);
        assertTrue(duplicates > 100 && duplicates < 300, "duplicates: " + duplicates);
        assertTrue(outOfOrder > 100 && outOfOrder < 300, "out of order: " + outOfOrder);

        int stuckRuns = 0;
        int spikes = 0;
        int drifts = 0;
        int gaps = 0;
        for (List<Reading> readings : byDevice.values()) {
            int run = 1;
            for (int i = 1; i < readings.size(); i++) {
                Reading before = readings.get(i - 1).normalized();
                Reading reading = readings.get(i).normalized();
                run = reading.value().equals(before.value()) ? run + 1 : 1;
                if (run == BuildingTraffic.STUCK_READINGS) {
                    stuckRuns++;
                }
                if (reading.sensorType() == SensorType.TEMPERATURE && reading.value() - before.value() > 10) {
                    spikes++;
                }
                if (reading.sensorType() == SensorType.TEMPERATURE && reading.value() > 30 && reading.value() - before.value() < 1) {
                    drifts++;
                }
                if (reading.timestamp().toEpochMilli() - before.timestamp().toEpochMilli() >= 60_000) {
                    gaps++;
                }
            }
        }
        assertTrue(stuckRuns > 0, "stuck sensors");
        assertTrue(spikes > 0, "spikes");
        assertTrue(drifts > 0, "drifts past 30 °C");
        assertTrue(gaps > 0, "dropouts");
    }

    @Test
    void shouldMakeTheSameTrafficFromTheSameSeed() {
        List<Outbound<String, byte[]>> first = generate(Map.of(), 7, 2_000, 10);
        List<Outbound<String, byte[]>> second = generate(Map.of(), 7, 2_000, 10);
        for (int i = 0; i < first.size(); i++) {
            assertEquals(new String(first.get(i).value()), new String(second.get(i).value()));
        }
    }

    @Test
    void shouldWarmAHeatedRoomAndLetItDriftBackWhenItsUnitIsTurnedOff() {
        // Each of the 40 devices reports every 10 s; room-0 (dev-0, dev-1 measure temperature) is told to HEAT
        // at once and OFF after 4 minutes. The same seed without commands gives the room as it would be.
        int count = 8 * 60 * 4;
        List<Outbound<String, byte[]>> without = generate(NO_FAULTS, 5, count, 250);
        EventFactory<String, byte[]> factory = new IotGenerator().factory(NO_FAULTS);
        @SuppressWarnings("unchecked")
        GeneratorFeedback<String, FlowCommand> units = (GeneratorFeedback<String, FlowCommand>) factory.feedback().get(0);
        assertEquals(IotTopics.DEVICE_COMMANDS, units.topic());
        SplittableRandom random = new SplittableRandom(5);
        List<Outbound<String, byte[]>> with = new ArrayList<>();
        units.handler().accept("site-0:room-0", delivery("HEAT", FlowStep.Kind.ACTION));
        units.handler().accept("site-1:room-1", delivery("COOL", FlowStep.Kind.COMPENSATION)); // not a delivery: ignored
        for (int i = 0; i < count; i++) {
            if (i == 4 * 60 * 4) {
                units.handler().accept("site-0:room-0", delivery("OFF", FlowStep.Kind.ACTION));
            }
            with.add(factory.next(i, random, START.plusMillis(i * 250L)));
        }

        double warmest = 0;
        for (int i = 0; i < count; i++) {
            Reading plain = read(without.get(i)).normalized();
            Reading heated = read(with.get(i)).normalized();
            double minutes = Duration.between(START, heated.timestamp()).toMillis() / 60_000.0;
            double expected = !heated.room().equals("room-0") || heated.sensorType() != SensorType.TEMPERATURE ? 0
                    : minutes <= 4 ? RoomHvac.RATE * minutes : Math.max(0, RoomHvac.RATE * (8 - minutes));
            assertEquals(expected, heated.value() - plain.value(), 0.002, heated + " at minute " + minutes);
            warmest = Math.max(warmest, heated.value() - plain.value());
        }
        assertEquals(1.2, warmest, 0.01, "four minutes of heating at 0.3 °C a minute");
    }

    private static FlowCommand delivery(String mode, FlowStep.Kind kind) {
        return new FlowCommand("cmd-" + mode, "hvac", "deliver", kind, 1, "cmd-" + mode + ":deliver:" + kind + ":1",
                "iot.hvac-replies", Map.of("mode", mode, "roomId", "site-0:room-0"), START);
    }

    @Test
    void shouldRejectUnknownOptions() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new IotGenerator().factory(Map.of("sensors", "5")));
        assertTrue(e.getMessage().contains("sensors"), e.getMessage());
    }
}
