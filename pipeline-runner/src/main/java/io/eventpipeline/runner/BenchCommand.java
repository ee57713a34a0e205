package io.eventpipeline.runner;

import io.eventpipeline.localkafka.LocalKafkaBroker;
import io.eventpipeline.runner.bench.SinkBenchmark;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ./pipeline bench <what>}: measurements, printed as figures and ratios from one run. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Runs a benchmark against a local broker (started for the run) and prints figures and ratios. "
                + "Benchmarks: sink (generator through EventSink vs a plain KafkaProducer).")
final class BenchCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "<what>", description = "the benchmark: sink")
    String what;

    @Option(names = "--count", description = "records per round (default ${DEFAULT-VALUE})", defaultValue = "1000000")
    long count;

    @Option(names = "--rounds", description = "measured rounds, after two warm-up rounds (default ${DEFAULT-VALUE})", defaultValue = "5")
    int rounds;

    @Option(names = "--partitions", description = "partitions of the benchmark topics (default ${DEFAULT-VALUE})", defaultValue = "6")
    int partitions;

    @Option(names = "--bootstrap", description = "use this broker instead of starting one")
    String bootstrap;

    @Override
    public Integer call() {
        if (!what.equals("sink")) {
            throw new IllegalArgumentException("unknown benchmark '" + what + "'; known: sink");
        }
        if (count < 1 || rounds < 1 || partitions < 1) {
            throw new IllegalArgumentException("--count, --rounds and --partitions must be positive");
        }
        LocalKafkaBroker broker = bootstrap == null ? LocalKafkaBroker.start() : null;
        try {
            String address = broker == null ? bootstrap : broker.bootstrapServers();
            new SinkBenchmark(Map.of("bootstrap.servers", address), partitions, System.out).run(count, rounds);
            return 0;
        } finally {
            if (broker != null) {
                broker.close();
            }
        }
    }
}
