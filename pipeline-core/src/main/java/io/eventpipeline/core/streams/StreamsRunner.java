package io.eventpipeline.core.streams;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.TaskMetadata;
import org.apache.kafka.streams.ThreadMetadata;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lifecycle of one {@link KafkaStreams} instance, written once for every app: create from a topology
 * and config, start, wait for RUNNING with a bound, report liveness and readiness, and close with a bound.
 *
 * <p>An exception that escapes processing (the dead-letter handler catches record-level ones) replaces the
 * failed stream thread up to {@value #MAX_THREAD_REPLACEMENTS} times; after that the client shuts down
 * and {@link #isAlive()} turns false, so an orchestrator restarts the instance.
 *
 * <p>Thread-safe.
 */
public final class StreamsRunner implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StreamsRunner.class);
    static final int MAX_THREAD_REPLACEMENTS = 5;

    private final KafkaStreams streams;
    private final KafkaStreamsMetrics streamsMetrics;
    private final CountDownLatch runningOrFailed = new CountDownLatch(1);
    private final AtomicInteger threadReplacements = new AtomicInteger();
    private volatile KafkaStreams.State state = KafkaStreams.State.CREATED;

    /** Creates (does not start) Kafka Streams for {@code topology} and binds its metrics to {@code registry}. */
    public StreamsRunner(Topology topology, Properties streamsProperties, MeterRegistry registry) {
        this.streams = new KafkaStreams(topology, streamsProperties);
        this.streams.setStateListener(this::onStateChange);
        this.streams.setUncaughtExceptionHandler(this::onUncaught);
        this.streamsMetrics = new KafkaStreamsMetrics(streams);
        this.streamsMetrics.bindTo(registry);
    }

    /** Starts processing; returns at once. */
    public void start() {
        streams.start();
    }

    /**
     * Waits until Kafka Streams is RUNNING.
     *
     * @throws IllegalStateException if it fails, or is not RUNNING within {@code timeout}
     */
    public void awaitRunning(Duration timeout) {
        try {
            if (!runningOrFailed.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("Kafka Streams not RUNNING within " + timeout.toSeconds()
                        + " s (state " + state + "); is the broker at the configured bootstrap address reachable?");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for Kafka Streams", e);
        }
        if (state != KafkaStreams.State.RUNNING && state != KafkaStreams.State.REBALANCING) {
            throw new IllegalStateException("Kafka Streams failed to start: state " + state);
        }
    }

    /** Ready to serve: RUNNING, i.e. all tasks assigned and restored. */
    public boolean isReady() {
        return state == KafkaStreams.State.RUNNING;
    }

    /** Alive unless Kafka Streams has failed or stopped. */
    public boolean isAlive() {
        return state != KafkaStreams.State.ERROR && state != KafkaStreams.State.PENDING_ERROR
                && state != KafkaStreams.State.NOT_RUNNING && state != KafkaStreams.State.PENDING_SHUTDOWN;
    }

    /** The current state. */
    public KafkaStreams.State state() {
        return state;
    }

    /**
     * The input partitions this instance's active tasks own, by topic (repartition topics included), sorted;
     * empty before the first assignment and after close.
     */
    public SortedMap<String, List<Integer>> ownedPartitions() {
        SortedMap<String, SortedSet<Integer>> owned = new TreeMap<>();
        if (state == KafkaStreams.State.RUNNING || state == KafkaStreams.State.REBALANCING) {
            for (ThreadMetadata thread : streams.metadataForLocalThreads()) {
                for (TaskMetadata task : thread.activeTasks()) {
                    for (TopicPartition partition : task.topicPartitions()) {
                        owned.computeIfAbsent(partition.topic(), t -> new TreeSet<>()).add(partition.partition());
                    }
                }
            }
        }
        SortedMap<String, List<Integer>> lists = new TreeMap<>();
        owned.forEach((topic, partitions) -> lists.put(topic, List.copyOf(partitions)));
        return lists;
    }

    /** The Kafka Streams instance, for interactive queries and metadata. */
    public KafkaStreams streams() {
        return streams;
    }

    /** Closes Kafka Streams within {@code timeout}, leaving the consumer group promptly. Idempotent. */
    public boolean close(Duration timeout) {
        boolean closed = streams.close(CloseOptions.timeout(timeout)
                .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
        streamsMetrics.close();
        return closed;
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(30));
    }

    private void onStateChange(KafkaStreams.State newState, KafkaStreams.State oldState) {
        state = newState;
        LOG.info("Kafka Streams {} -> {}", oldState, newState);
        if (newState == KafkaStreams.State.RUNNING || newState == KafkaStreams.State.ERROR
                || newState == KafkaStreams.State.PENDING_ERROR || newState == KafkaStreams.State.NOT_RUNNING) {
            runningOrFailed.countDown();
        }
    }

    private StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse onUncaught(Throwable error) {
        int replaced = threadReplacements.incrementAndGet();
        if (replaced > MAX_THREAD_REPLACEMENTS) {
            LOG.error("stream thread failed {} times; shutting down this instance", replaced, error);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        }
        LOG.error("stream thread failed; replacing it ({} of {})", replaced, MAX_THREAD_REPLACEMENTS, error);
        return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
    }
}
