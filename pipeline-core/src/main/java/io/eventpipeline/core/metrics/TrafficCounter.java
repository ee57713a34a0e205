package io.eventpipeline.core.metrics;

/** Counts records in and out per topic. Implementations are thread-safe. */
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
}
