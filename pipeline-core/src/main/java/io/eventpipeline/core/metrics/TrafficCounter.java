package io.eventpipeline.core.metrics;

/**
 * Counts records in and out per topic, how long after their event time outputs leave, and the alerts
 * written. Implementations are thread-safe and cheap: they are called for every record.
 */
public interface TrafficCounter {

    /** A counter that counts nothing. */
    TrafficCounter NONE = new TrafficCounter() {
        @Override
        public void recordIn(String topic, int count) {
        }

        @Override
        public void recordOut(String topic, int count) {
        }
    };

    void recordIn(String topic, int count);

    void recordOut(String topic, int count);

    /**
     * A record left for {@code topic} {@code millis} after the event time it carries (its Kafka timestamp,
     * which Kafka Streams derives from the input's event time). The default records nothing.
     */
    default void recordLatency(String topic, long millis) {
    }

    /** An alert of {@code type} and {@code severity} was written. The default records nothing. */
    default void recordAlert(String type, String severity) {
    }
}
