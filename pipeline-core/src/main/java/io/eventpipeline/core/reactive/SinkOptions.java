package io.eventpipeline.core.reactive;

import io.eventpipeline.core.metrics.TrafficCounter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Objects;

/**
 * How an {@link EventSink} sends.
 *
 * @param clientId the producer's client id (shows in broker logs and client metrics)
 * @param maxInFlight records sent but not yet acknowledged, at most; the backpressure bound
 * @param traffic counts records written per topic
 * @param registry where the producer's own metrics go ({@code KafkaClientMetrics}), or {@code null}
 */
public record SinkOptions(String clientId, int maxInFlight, TrafficCounter traffic, MeterRegistry registry) {

    public SinkOptions {
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(traffic, "traffic");
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("maxInFlight must be positive, was " + maxInFlight);
        }
    }

    /** 32,768 records in flight (enough to keep full batches on every partition of a local broker), no counting. */
    public static SinkOptions named(String clientId) {
        return new SinkOptions(clientId, 32_768, TrafficCounter.NONE, null);
    }

    public SinkOptions withMaxInFlight(int records) {
        return new SinkOptions(clientId, records, traffic, registry);
    }

    /** Binds the producer's metrics to {@code meters}. */
    public SinkOptions withClientMetrics(MeterRegistry meters) {
        return new SinkOptions(clientId, maxInFlight, traffic, meters);
    }

    public SinkOptions withTraffic(TrafficCounter counter) {
        return new SinkOptions(clientId, maxInFlight, counter, registry);
    }
}
