package io.eventpipeline.iot.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eventpipeline.core.event.InvalidEventException;
import io.eventpipeline.iot.IotTopics;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class ReadingTest {

    private static final Instant AT = Instant.parse("2026-11-20T10:00:00Z");

    @Test
    void shouldNormalizeFahrenheitToCelsius() {
        Reading f = new Reading("t1", "hq", "r1", SensorType.TEMPERATURE, 71.6, "F", AT);
        f.validate();
        Reading c = f.normalized();
        assertEquals("C", c.unit());
        assertEquals(22.0, c.value(), 1e-9);
        assertEquals("hq:r1", c.roomId());
        Reading already = new Reading("t1", "hq", "r1", SensorType.TEMPERATURE, 22.0, "C", AT);
        assertEquals(already, already.normalized());
    }

    @Test
    void shouldRejectImpossibleValuesMismatchedUnitsAndMissingFields() {
        assertRejected(new Reading("t1", "hq", "r1", SensorType.TEMPERATURE, -300.0, "C", AT), "out of range");
        assertRejected(new Reading("t1", "hq", "r1", SensorType.TEMPERATURE, 400.0, "F", AT), "out of range"); // 204 °C
        assertRejected(new Reading("h1", "hq", "r1", SensorType.HUMIDITY, 120.0, "%", AT), "out of range");
        assertRejected(new Reading("c1", "hq", "r1", SensorType.CO2, -1.0, "ppm", AT), "out of range");
        assertRejected(new Reading("h1", "hq", "r1", SensorType.HUMIDITY, 40.0, "C", AT), "does not fit");
        assertRejected(new Reading("t1", "hq", "r1", SensorType.TEMPERATURE, Double.NaN, "C", AT), "out of range");
        assertRejected(new Reading("t1", "hq", null, SensorType.TEMPERATURE, 21.0, "C", AT), "missing room");
        assertRejected(new Reading("t1", "hq", "r1", SensorType.TEMPERATURE, null, "C", AT), "missing value");
        assertRejected(new Reading("t1", "hq", "r1", SensorType.TEMPERATURE, 21.0, "C", Instant.now().plusSeconds(7200)), "future");
    }

    @Test
    void shouldRejectUnknownSensorTypesWhenRead() {
        byte[] json = ("{\"deviceId\":\"t1\",\"siteId\":\"hq\",\"room\":\"r1\",\"sensorType\":\"PRESSURE\",\"value\":1.0,"
                + "\"unit\":\"hPa\",\"timestamp\":\"2026-11-20T10:00:00Z\"}").getBytes(StandardCharsets.UTF_8);
        assertThrows(SerializationException.class, () -> IotTopics.READINGS.valueSerde().deserializer().deserialize("t", json));
    }

    private static void assertRejected(Reading reading, String reason) {
        InvalidEventException e = assertThrows(InvalidEventException.class, reading::validate);
        assertTrue(e.getMessage().contains(reason), e.getMessage());
    }
}
