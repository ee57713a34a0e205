package io.eventpipeline.core.serde.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FieldNamesTest {

    enum Kind { A, B }

    record Leaves(String s, int i, Double d, long[] counts, Instant at, Duration took, Kind kind, BigDecimal amount,
                  Optional<String> note) {
    }

    record Nested(Leaves leaves, List<Leaves> many, Leaves[] array) {
    }

    record Keyed(String id, Map<String, Long> byId) {
    }

    record DeepKeyed(String id, List<Keyed> keyed) {
    }

    record Tree(JsonNode node) {
    }

    record Anything(Object value) {
    }

    record Generic<T>(T value) {
    }

    record Rawly(@SuppressWarnings("rawtypes") List list) {
    }

    record SelfHolding(String name, List<SelfHolding> children) {
    }

    static class Plain {
        String name;
        int count;
        static Map<String, String> shared;
        transient Map<String, String> skipped;
    }

    static class PlainWithMap extends Plain {
        Map<String, String> extra;
    }

    @Test
    void shouldFindFixedNamesInLeavesAndInTypesOfLeaves() {
        assertTrue(FieldNames.fixed(Leaves.class));
        assertTrue(FieldNames.fixed(Nested.class));
        assertTrue(FieldNames.fixed(SelfHolding.class));
        assertTrue(FieldNames.fixed(Plain.class)); // static and transient fields are not written
    }

    @Test
    void shouldCallAnyMapTreeObjectOrUnknownTypeNotFixed() {
        assertFalse(FieldNames.fixed(Keyed.class));
        assertFalse(FieldNames.fixed(DeepKeyed.class));
        assertFalse(FieldNames.fixed(Tree.class));
        assertFalse(FieldNames.fixed(Anything.class));
        assertFalse(FieldNames.fixed(Generic.class));
        assertFalse(FieldNames.fixed(Rawly.class));
        assertFalse(FieldNames.fixed(PlainWithMap.class));
        assertFalse(FieldNames.fixed(Map.class));
        assertFalse(FieldNames.fixed(JsonNode.class));
    }
}
