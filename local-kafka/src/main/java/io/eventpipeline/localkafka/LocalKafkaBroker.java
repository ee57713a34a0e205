package io.eventpipeline.localkafka;

import io.eventpipeline.localkafka.internal.BrokerProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * A real single-node Kafka broker in KRaft mode (combined broker and controller), run in a child JVM
 * from the {@code kafka_2.13} jars on this class path and bound to loopback on ports picked free at start.
 *
 * <p>{@link #start(Options)} formats the log directory, starts the broker, and returns only once the
 * broker answers an admin request; it fails with the tail of the broker's log if it does not within
 * {@link Options#startTimeout()}. {@link #close()} stops the broker (SIGTERM, then SIGKILL after a bound)
 * and removes a temporary data directory. The child JVM also exits by itself when this JVM dies, so no
 * broker outlives the process that started it.
 *
 * <p>Instances are thread-safe.
 */
public final class LocalKafkaBroker implements AutoCloseable {

    private final BrokerProcess process;
    private final String bootstrapServers;
    private final Path dataDir;
    private final boolean deleteOnClose;

    private LocalKafkaBroker(BrokerProcess process, String bootstrapServers, Path dataDir, boolean deleteOnClose) {
        this.process = process;
        this.bootstrapServers = bootstrapServers;
        this.dataDir = dataDir;
        this.deleteOnClose = deleteOnClose;
    }

    /** Starts a broker with default options in a fresh temporary directory. */
    public static LocalKafkaBroker start() {
        return start(Options.defaults());
    }

    /** Formats storage, starts the broker and waits until it serves requests. */
    public static LocalKafkaBroker start(Options options) {
        boolean temporary = options.dataDir() == null;
        Path dir;
        try {
            dir = temporary ? Files.createTempDirectory("local-kafka-") : Files.createDirectories(options.dataDir());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the broker's data directory", e);
        }
        int port = options.port() > 0 ? options.port() : freePort();
        int controllerPort = freePort(port);
        String bootstrap = "127.0.0.1:" + port;
        BrokerProcess process = BrokerProcess.launch(dir, serverProperties(dir, port, controllerPort, options), options.heapMb());
        LocalKafkaBroker broker = new LocalKafkaBroker(process, bootstrap, dir, temporary);
        try {
            broker.awaitServing(options.startTimeout());
        } catch (RuntimeException e) {
            broker.close();
            throw e;
        }
        return broker;
    }

    /** The bootstrap address clients use, {@code 127.0.0.1:<port>}. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** The directory holding the broker's config, logs and data. */
    public Path dataDir() {
        return dataDir;
    }

    /** Admin client properties pointing at this broker. */
    public Properties adminProperties() {
        return adminProperties(bootstrapServers);
    }

    /** Admin client settings for the broker at {@code bootstrapServers}. */
    static Properties adminProperties(String bootstrapServers) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000);
        return props;
    }

    /**
     * Creates each topic with its partition count (replication factor 1), waiting for the result.
     * A topic that already exists is left as it is.
     */
    public void createTopics(Map<String, Integer> partitionsByTopic) {
        List<NewTopic> topics = new ArrayList<>();
        partitionsByTopic.forEach((name, partitions) -> topics.add(new NewTopic(name, partitions, (short) 1)));
        createTopics(topics);
    }

    /** Creates the given topics, waiting for the result; existing ones are left as they are. */
    public void createTopics(Collection<NewTopic> topics) {
        try (Admin admin = Admin.create(adminProperties())) {
            for (var entry : admin.createTopics(topics).values().entrySet()) {
                try {
                    entry.getValue().get(30, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("cannot create topic " + entry.getKey(), e.getCause());
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("topics not created within 30 s: " + topics, e);
        }
    }

    /** The broker JVM's process id (for reading its CPU time, say). */
    public long pid() {
        return process.pid();
    }

    /** Whether the broker's JVM is still running. */
    public boolean isAlive() {
        return process.isAlive();
    }

    /** Stops the broker and, for a temporary directory, deletes its data. Idempotent. */
    @Override
    public void close() {
        process.stop(Duration.ofSeconds(30));
        if (deleteOnClose) {
            BrokerProcess.deleteRecursively(dataDir);
        }
    }

    private void awaitServing(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Properties props = adminProperties();
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2_000);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3_000);
        Exception last = null;
        try (Admin admin = Admin.create(props)) {
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("the broker exited during start-up (exit "
                            + process.exitValue() + "); its log ends with:\n" + process.logTail(40));
                }
                try {
                    if (!admin.describeCluster().nodes().get(3, TimeUnit.SECONDS).isEmpty()) {
                        // The broker is up; make sure it also accepts metadata writes before returning.
                        admin.listTopics().names().get(3, TimeUnit.SECONDS);
                        return;
                    }
                } catch (ExecutionException | TimeoutException e) {
                    last = e;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for the broker", e);
                }
            }
        }
        throw new IllegalStateException("the broker did not serve within " + timeout.toSeconds()
                + " s (last error: " + last + "); its log ends with:\n" + process.logTail(40));
    }

    private static Map<String, String> serverProperties(Path dir, int port, int controllerPort, Options options) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("log.dirs", dir.resolve("data").toString());
        p.put("num.partitions", String.valueOf(options.defaultPartitions()));
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "4");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "4");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        // A transactional produce that reaches a partition while the broker still writes the previous
        // transaction's markers there is retried by the broker for up to this long (default 100 ms), then
        // failed with CONCURRENT_TRANSACTIONS, which the producer retries after its backoff, failing the batches
        // behind it out of sequence. On a busy two-core machine the markers can take longer than 100 ms.
        p.put("add.partitions.to.txn.retry.backoff.max.ms", "1000");
        p.put("auto.create.topics.enable", "false");
        p.put("log.retention.hours", "24");
        p.put("log.segment.bytes", String.valueOf(64 * 1024 * 1024));
        p.putAll(options.brokerProperties());
        return p;
    }

    private static int freePort(int... avoid) {
        for (int attempt = 0; attempt < 20; attempt++) {
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                socket.setReuseAddress(true);
                int port = socket.getLocalPort();
                if (Set.of(box(avoid)).contains(port)) {
                    continue;
                }
                return port;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot find a free loopback port", e);
            }
        }
        throw new IllegalStateException("no free loopback port found");
    }

    private static Integer[] box(int[] values) {
        Integer[] boxed = new Integer[values.length];
        for (int i = 0; i < values.length; i++) {
            boxed[i] = values[i];
        }
        return boxed;
    }

    /**
     * How to start a broker.
     *
     * @param dataDir where config, logs and data live; {@code null} for a temporary directory deleted on close
     * @param port the client port on 127.0.0.1; 0 to pick a free one
     * @param heapMb the broker JVM's maximum heap
     * @param defaultPartitions partitions of topics created without a count
     * @param startTimeout how long to wait for the broker to serve
     * @param brokerProperties extra broker settings, overriding the defaults
     */
    public record Options(Path dataDir, int port, int heapMb, int defaultPartitions, Duration startTimeout,
                          Map<String, String> brokerProperties) {

        public Options {
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("port must be 0..65535, was " + port);
            }
            if (heapMb < 128) {
                throw new IllegalArgumentException("heapMb must be at least 128, was " + heapMb);
            }
            brokerProperties = Map.copyOf(brokerProperties);
        }

        /** A temporary directory, a free port, 768 MiB heap, 4 partitions, a 90 s start bound. */
        public static Options defaults() {
            return new Options(null, 0, 768, 4, Duration.ofSeconds(90), Map.of());
        }

        public Options withDataDir(Path dir) {
            return new Options(dir, port, heapMb, defaultPartitions, startTimeout, brokerProperties);
        }

        public Options withPort(int newPort) {
            return new Options(dataDir, newPort, heapMb, defaultPartitions, startTimeout, brokerProperties);
        }

        public Options withHeapMb(int mb) {
            return new Options(dataDir, port, mb, defaultPartitions, startTimeout, brokerProperties);
        }
    }
}
