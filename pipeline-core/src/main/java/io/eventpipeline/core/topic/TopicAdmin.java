package io.eventpipeline.core.topic;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/** Creates topics that do not exist yet; existing topics are left exactly as they are. */
public final class TopicAdmin {

    private TopicAdmin() {
    }

    /**
     * Creates each missing topic of {@code specs} with the broker's default replication factor and waits
     * until the brokers serve every partition, so that a consumer started next finds them (a freshly created
     * topic is known to the controller before it reaches the brokers' metadata).
     *
     * <p>For the topics it created it also waits until every partition's leader answers from its log. A
     * partition can appear in metadata a moment before its leader accepts writes, and an idempotent producer
     * whose first request is refused then while a later one is accepted loses the first one's records after
     * retrying until {@code delivery.timeout.ms} (KAFKA-15591, fixed on the broker after 4.3).
     *
     * @throws IllegalStateException if a topic cannot be created within 60 s
     */
    public static void ensure(Map<String, Object> clientProperties, Collection<TopicSpec> specs) {
        Map<String, Object> props = new HashMap<>(clientProperties);
        props.putIfAbsent(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 60_000);
        List<NewTopic> topics = specs.stream()
                .map(s -> new NewTopic(s.name(), Optional.of(s.partitions()), Optional.empty()).configs(s.configs()))
                .toList();
        List<String> created = new ArrayList<>();
        try (Admin admin = Admin.create(props)) {
            for (var entry : admin.createTopics(topics).values().entrySet()) {
                try {
                    entry.getValue().get(60, TimeUnit.SECONDS);
                    created.add(entry.getKey());
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("cannot create topic " + entry.getKey() + ": "
                                + e.getCause().getMessage(), e.getCause());
                    }
                } catch (TimeoutException e) {
                    throw new IllegalStateException("topic " + entry.getKey() + " not created within 60 s; is the broker at "
                            + clientProperties.get(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG) + " reachable?", e);
                }
            }
            awaitLeaders(admin, specs.stream().map(TopicSpec::name).toList());
            if (!created.isEmpty()) {
                awaitWritable(admin, specs.stream().filter(s -> created.contains(s.name())).toList());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        }
    }

    /**
     * Waits until the leader of every partition of {@code specs} lists its log end offset: a leader answers
     * from its log only once it has taken the partition on, the same moment it starts accepting writes.
     */
    private static void awaitWritable(Admin admin, List<TopicSpec> specs) throws InterruptedException {
        Map<TopicPartition, OffsetSpec> partitions = new HashMap<>();
        specs.forEach(s -> IntStream.range(0, s.partitions())
                .forEach(p -> partitions.put(new TopicPartition(s.name(), p), OffsetSpec.latest())));
        retry("the new topics' partitions " + partitions.keySet() + " to take writes", RetriableException.class::isInstance,
                () -> {
                    admin.listOffsets(partitions).all().get(60, TimeUnit.SECONDS);
                    return true;
                });
    }

    private static void awaitLeaders(Admin admin, List<String> names) throws InterruptedException {
        retry("a leader for every partition of " + names, UnknownTopicOrPartitionException.class::isInstance,
                () -> admin.describeTopics(names).allTopicNames().get(60, TimeUnit.SECONDS).values().stream()
                        .allMatch(t -> t.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty())));
    }

    /** One question to the brokers: whether what is awaited holds. */
    private interface Attempt {
        boolean holds() throws ExecutionException, TimeoutException, InterruptedException;
    }

    /**
     * Asks {@code attempt} every 50 ms until it holds, for up to 60 s; a failure {@code notYet} accepts is
     * asked again, any other stops the wait.
     */
    private static void retry(String what, Predicate<Throwable> notYet, Attempt attempt) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try {
                if (attempt.holds()) {
                    return;
                }
            } catch (ExecutionException e) {
                if (!notYet.test(e.getCause())) {
                    throw new IllegalStateException("failed waiting for " + what + ": " + e.getCause().getMessage(), e.getCause());
                }
            } catch (TimeoutException e) {
                throw new IllegalStateException("no answer within 60 s waiting for " + what, e);
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("waited 60 s for " + what);
            }
            Thread.sleep(50);
        }
    }
}
