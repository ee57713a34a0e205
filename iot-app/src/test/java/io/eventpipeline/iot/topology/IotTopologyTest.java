package io.eventpipeline.iot.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eventpipeline.iot.IotConfig;
import io.eventpipeline.iot.event.DeviceProfile;
import io.eventpipeline.iot.event.SensorType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.streams.StreamsBuilder;
import org.junit.jupiter.api.Test;

/**
 * Pins the topology: changelog and repartition topics are named after operators, so renaming one loses
 * its state on upgrade. A change here must be deliberate: run with {@code -Dtopology.update=true} to
 * rewrite the pinned description, and say why in the commit.
 */
class IotTopologyTest {

    private static final Path PINNED = Path.of("src", "test", "resources", "topology", "iot.txt");

    @Test
    void shouldNameEveryOperator() {
        String description = IotTopology.build(new StreamsBuilder(), IotConfig.defaults()).describe().toString();
        Matcher generated = Pattern.compile("(KSTREAM|KTABLE)-[A-Z]+-\\d+").matcher(description);
        assertFalse(generated.find(), () -> "an operator has a generated name: " + generated.group());
    }

    @Test
    void shouldKeepAChangelogOfTheRegistryEntriesItRead() {
        // Built without reuse.ktable.source.topics: a store restored from iot.devices itself would get a
        // malformed entry's raw bytes, which reading it sent to the dead-letter topic instead.
        try (IotDriver d = new IotDriver()) {
            d.register(new DeviceProfile("t1", "hq", "r1", SensorType.TEMPERATURE, null, null, null));

            Set<String> written = d.driver.producedTopicNames();
            assertTrue(written.contains("iot-test-" + IotTopology.DEVICES_STORE + "-changelog"), written::toString);
        }
    }

    @Test
    void shouldKeepThePinnedTopology() throws Exception {
        String description = IotTopology.build(new StreamsBuilder(), IotConfig.defaults()).describe().toString();
        if (Boolean.getBoolean("topology.update")) {
            Files.createDirectories(PINNED.getParent());
            Files.writeString(PINNED, description, StandardCharsets.UTF_8);
        }
        assertEquals(Files.readString(PINNED, StandardCharsets.UTF_8), description,
                "the topology changed; if deliberate, rerun with -Dtopology.update=true and commit the new " + PINNED);
    }
}
