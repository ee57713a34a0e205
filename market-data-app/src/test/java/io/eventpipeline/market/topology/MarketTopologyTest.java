package io.eventpipeline.market.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.eventpipeline.market.MarketConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.TopologyDescription;
import org.junit.jupiter.api.Test;

/**
 * Pins the topology: changelog and repartition topics are named after operators, so renaming one loses
 * its state on upgrade. A change here must be deliberate: run with {@code -Dtopology.update=true} to
 * rewrite the pinned description, and say why in the commit.
 */
class MarketTopologyTest {

    private static final Path PINNED = Path.of("src", "test", "resources", "topology", "market.txt");

    @Test
    void shouldNameEveryOperator() {
        String description = MarketTopology.build(new StreamsBuilder(), MarketConfig.defaults()).describe().toString();
        Matcher generated = Pattern.compile("(KSTREAM|KTABLE)-[A-Z]+-\\d+").matcher(description);
        assertFalse(generated.find(), () -> "an operator has a generated name: " + generated.group());
    }

    @Test
    void shouldKeepASymbolsStoresInOneSubTopologyWithoutRepartitioningTicks() {
        TopologyDescription description = MarketTopology.build(new StreamsBuilder(), MarketConfig.defaults()).describe();
        // The symbol queries look up the sequencer's store beside the candle and indicator stores: one task
        // must hold them all, and ticks must not take an extra hop through a repartition topic.
        var stores = List.of(SequencingTopology.STORE, CandleTopology.SECONDS_STORE, CandleTopology.MINUTES_STORE,
                IndicatorTopology.STORE, SignalTopology.STORE, AnomalyTopology.STORE);
        List<Integer> holders = description.subtopologies().stream()
                .filter(sub -> sub.nodes().stream().anyMatch(node -> node instanceof TopologyDescription.Processor p
                        && p.stores().stream().anyMatch(stores::contains)))
                .map(TopologyDescription.Subtopology::id).toList();
        assertEquals(List.of(0), holders);
        assertFalse(description.toString().contains("ticks-by-symbol-repartition"));
    }

    @Test
    void shouldKeepThePinnedTopology() throws Exception {
        String description = MarketTopology.build(new StreamsBuilder(), MarketConfig.defaults()).describe().toString();
        if (Boolean.getBoolean("topology.update")) {
            Files.createDirectories(PINNED.getParent());
            Files.writeString(PINNED, description, StandardCharsets.UTF_8);
        }
        assertEquals(Files.readString(PINNED, StandardCharsets.UTF_8), description,
                "the topology changed; if deliberate, rerun with -Dtopology.update=true and commit the new " + PINNED);
    }
}
