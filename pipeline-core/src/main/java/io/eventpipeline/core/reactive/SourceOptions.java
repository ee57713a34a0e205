package io.eventpipeline.core.reactive;

import io.eventpipeline.core.errors.DeadLetterCounter;
import io.eventpipeline.core.metrics.TrafficCounter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Objects;

/**
 * How an {@link EventSource} reads.
 *
 * @param app the app's short name, for dead-letter headers
 * @param groupId the consumer group
 * @param deadLetterTopic where records that cannot be read go
 * @param commitInterval how often acknowledged offsets are committed
 * @param fromEarliest where a new group starts: the earliest offset, or the latest
 * @param deadLetters counts dead letters by reason
 * @param traffic counts records read per topic
 * @param registry where the consumer's own metrics go ({@code KafkaClientMetrics}), or {@code null}
 */
public record SourceOptions(String app, String groupId, String deadLetterTopic, Duration commitInterval,
                            boolean fromEarliest, DeadLetterCounter deadLetters, TrafficCounter traffic,
                            MeterRegistry registry) {

    public SourceOptions {
        Objects.requireNonNull(app, "app");
        Objects.requireNonNull(groupId, "groupId");
        Objects.requireNonNull(deadLetterTopic, "deadLetterTopic");
        Objects.requireNonNull(commitInterval, "commitInterval");
        Objects.requireNonNull(deadLetters, "deadLetters");
        Objects.requireNonNull(traffic, "traffic");
    }

    /** Reads from the earliest offset, commits every 500 ms, counts nothing. */
    public static SourceOptions of(String app, String groupId, String deadLetterTopic) {
        return new SourceOptions(app, groupId, deadLetterTopic, Duration.ofMillis(500), true,
                DeadLetterCounter.NONE, TrafficCounter.NONE, null);
    }

    public SourceOptions withCommitInterval(Duration interval) {
        return new SourceOptions(app, groupId, deadLetterTopic, interval, fromEarliest, deadLetters, traffic, registry);
    }

    public SourceOptions withCounters(DeadLetterCounter deadLetterCounter, TrafficCounter trafficCounter) {
        return new SourceOptions(app, groupId, deadLetterTopic, commitInterval, fromEarliest, deadLetterCounter, trafficCounter,
                registry);
    }

    /** Binds the consumer's metrics to {@code meters}. */
    public SourceOptions withClientMetrics(MeterRegistry meters) {
        return new SourceOptions(app, groupId, deadLetterTopic, commitInterval, fromEarliest, deadLetters, traffic, meters);
    }

    public SourceOptions fromLatest() {
        return new SourceOptions(app, groupId, deadLetterTopic, commitInterval, false, deadLetters, traffic, registry);
    }
}
