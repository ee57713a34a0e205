package io.eventpipeline.runner;

import io.eventpipeline.localkafka.LocalKafkaBroker;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./pipeline broker}: a local KRaft broker until Ctrl-C. */
@Command(name = "broker", mixinStandardHelpOptions = true,
        description = "Starts a local single-node Kafka broker (KRaft) on loopback and prints its bootstrap address.")
final class BrokerCommand implements Callable<Integer> {

    @Option(names = "--port", description = "client port on 127.0.0.1; default: a free one", defaultValue = "0")
    int port;

    @Option(names = "--data-dir", description = "keep data here across runs; default: a temporary directory")
    Path dataDir;

    @Override
    public Integer call() throws InterruptedException {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("--port must be from 0 to 65535, was " + port);
        }
        LocalKafkaBroker.Options options = LocalKafkaBroker.Options.defaults().withPort(port);
        if (dataDir != null) {
            options = options.withDataDir(dataDir.toAbsolutePath());
        }
        System.out.println("starting a local Kafka broker...");
        LocalKafkaBroker broker = LocalKafkaBroker.start(options);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            broker.close();
            stopped.countDown();
        }, "broker-shutdown"));
        System.out.println("bootstrap servers: " + broker.bootstrapServers());
        System.out.println("data directory:    " + broker.dataDir());
        System.out.println("Ctrl-C stops it.");
        stopped.await();
        return 0;
    }
}
