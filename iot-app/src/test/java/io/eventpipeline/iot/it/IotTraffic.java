package io.eventpipeline.iot.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.eventpipeline.core.event.DashboardUpdate;
import io.eventpipeline.core.reactive.EventSink;
import io.eventpipeline.core.reactive.Outbound;
import io.eventpipeline.core.serde.Json;
import io.eventpipeline.iot.IotTopics;
import io.eventpipeline.iot.event.Reading;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import reactor.core.publisher.Flux;

/** Readings for the IoT integration tests, and what the app's outputs should say about them. */
final class IotTraffic {

    private IotTraffic() {
    }

    /** A reading as the bytes a device would send (not validated: tests send bad ones too). */
    static Outbound<String, byte[]> raw(Reading reading) {
        try {
            return Outbound.of(reading.deviceId(), Json.mapper().writeValueAsBytes(reading));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static <V> void send(EventSink<String, V> sink, List<Outbound<String, V>> records) {
        long failed = sink.send(Flux.fromIterable(records)).filter(r -> !r.ok()).count().block();
        if (failed != 0) {
            throw new AssertionError(failed + " records could not be sent");
        }
    }

    /** Alerts as {@code <type> <deviceId>}, in the order read. */
    static List<String> alertLog(List<ConsumerRecord<byte[], byte[]>> records) {
        return records.stream().map(r -> IotTopics.ALERTS.valueSerde().deserializer().deserialize("t", r.value()))
                .map(a -> a.type() + " " + a.key()).toList();
    }

    /** Per {@code <room>|<type>@<minute>}: count, sum, min, max of the normalized values of {@code readings}. */
    static Map<String, double[]> roomMinutes(List<Reading> readings) {
        Map<String, double[]> stats = new TreeMap<>();
        for (Reading r : readings) {
            Reading n = r.normalized();
            String key = n.roomId() + "|" + n.sensorType() + "@" + n.timestamp().truncatedTo(ChronoUnit.MINUTES);
            double[] s = stats.computeIfAbsent(key, k -> new double[] {0, 0, Double.MAX_VALUE, -Double.MAX_VALUE});
            s[0]++;
            s[1] += n.value();
            s[2] = Math.min(s[2], n.value());
            s[3] = Math.max(s[3], n.value());
        }
        return stats;
    }

    /** The published {@code room-stats-1m} updates of windows starting before {@code before}, by the key above; each once. */
    static Map<String, DashboardUpdate> publishedRoomMinutes(List<ConsumerRecord<byte[], byte[]>> records, Instant before) {
        Map<String, DashboardUpdate> byKey = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            DashboardUpdate u = IotTopics.DASHBOARD.valueSerde().deserializer().deserialize("t", r.value());
            if (u.windowStart().isBefore(before)) {
                String key = u.data().get("roomId") + "|" + u.data().get("sensorType") + "@" + u.windowStart();
                DashboardUpdate earlier = byKey.put(key, u);
                assertNull(earlier, () -> key + " published twice: " + earlier + " and " + u);
            }
        }
        return byKey;
    }

    /**
     * Asserts that every room-minute of {@code expected} (from {@link #roomMinutes}) was published with its
     * count, min and max exactly and its mean to the published precision.
     */
    static void assertRoomMinutes(Map<String, double[]> expected, Map<String, DashboardUpdate> published) {
        for (var entry : expected.entrySet()) {
            Map<String, Object> data = published.get(entry.getKey()).data();
            double[] e = entry.getValue();
            assertEquals((long) e[0], ((Number) data.get("count")).longValue(), entry.getKey());
            // Partials are summed in whatever order they arrive: the mean may differ in its last published digit.
            assertEquals(e[1] / e[0], ((Number) data.get("mean")).doubleValue(), 6e-5, entry.getKey());
            assertEquals(round(e[2]), ((Number) data.get("min")).doubleValue(), 1e-9, entry.getKey());
            assertEquals(round(e[3]), ((Number) data.get("max")).doubleValue(), 1e-9, entry.getKey());
        }
    }

    /** Rounds the way the app publishes statistics (4 decimals). */
    private static double round(double value) {
        return Math.round(value * 10_000.0) / 10_000.0;
    }

    /**
     * Live readings of a set of devices, one round at a time, event time one second further each round;
     * values alternate slightly from round to round (a constant value would be a stuck sensor). Thread-safe.
     */
    static final class Heartbeats {

        private final EventSink<String, byte[]> sink;
        private final List<Reading> devices;
        private final AtomicLong at;
        private final AtomicLong rounds = new AtomicLong();

        /** @param devices one reading per device, whose value is the device's level */
        Heartbeats(EventSink<String, byte[]> sink, List<Reading> devices, Instant start) {
            this.sink = sink;
            this.devices = List.copyOf(devices);
            this.at = new AtomicLong(start.toEpochMilli());
        }

        void jumpTo(Instant start) {
            at.set(start.toEpochMilli());
        }

        /** One reading from each device not in {@code silent}. */
        void round(Set<String> silent) {
            Instant now = Instant.ofEpochMilli(at.getAndAdd(1_000));
            double wiggle = (now.getEpochSecond() % 2) * 0.01;
            List<Outbound<String, byte[]>> round = new ArrayList<>();
            for (Reading d : devices) {
                if (!silent.contains(d.deviceId())) {
                    round.add(raw(new Reading(d.deviceId(), d.siteId(), d.room(), d.sensorType(), d.value() + wiggle, d.unit(), now)));
                }
            }
            send(sink, round);
            rounds.incrementAndGet();
        }

        /** Rounds sent so far. */
        long rounds() {
            return rounds.get();
        }
    }
}
