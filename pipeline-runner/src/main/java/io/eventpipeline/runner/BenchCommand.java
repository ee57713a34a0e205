package io.eventpipeline.runner;

import io.eventpipeline.localkafka.LocalKafkaBroker;
import io.eventpipeline.runner.bench.AppBenchmark;
import io.eventpipeline.runner.bench.FlowBenchmark;
import io.eventpipeline.runner.bench.SinkBenchmark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ./pipeline bench <what>}: measurements, printed as figures and ratios from one run. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Runs a benchmark against a local broker (started for the run) and prints figures and ratios. "
                + "Benchmarks: sink (generator through EventSink vs a plain KafkaProducer), or an app's name, e.g. "
                + "clickstream, iot or market (the app's sustained rate vs a plain consumer, its memory, and latency at half that rate), "
                + "or flows (the flow coordinator vs the same work choreographed: flows/s, step and flow latency).")
final class BenchCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "<what>", description = "the benchmark: sink, flows, or an app (clickstream, iot, market)")
    String what;

    @Option(names = "--count", description = "records per round (default ${DEFAULT-VALUE})", defaultValue = "1000000")
    long count;

    @Option(names = "--rounds", description = "measured rounds, after two warm-up rounds (default ${DEFAULT-VALUE})", defaultValue = "5")
    int rounds;

    @Option(names = "--partitions", description = "partitions of the benchmark topics (default ${DEFAULT-VALUE})", defaultValue = "6")
    int partitions;

    @Option(names = "--events", description = "app: events preloaded (default ${DEFAULT-VALUE})", defaultValue = "2000000")
    long events;

    @Option(names = "--event-rate", description = "app: events per second of event time in the preloaded backlog"
            + " (default ${DEFAULT-VALUE}); a feed at the rate measured has as many, so windows close and keys recur as they would there",
            defaultValue = "1000")
    long eventRate;

    @Option(names = "--flows", description = "flows: units of work preloaded (default ${DEFAULT-VALUE})", defaultValue = "20000")
    long flows;

    @Option(names = "--latency-seconds", description = "app: length of the latency run (default ${DEFAULT-VALUE})",
            defaultValue = "75")
    int latencySeconds;

    @Option(names = "--warmup-seconds", description = "app: live traffic before the latency run takes samples (default ${DEFAULT-VALUE})",
            defaultValue = "10")
    int warmupSeconds;

    @Option(names = "--generator-option", paramLabel = "KEY=VALUE",
            description = "app: a generator option over the benchmark's defaults, e.g. devices=1000000 (repeatable)")
    Map<String, String> generatorOptions = new java.util.LinkedHashMap<>();

    @Option(names = "--bootstrap", description = "use this broker instead of starting one")
    String bootstrap;

    @Override
    public Integer call() throws Exception {
        AppCatalog catalog = AppCatalog.standard();
        CatalogEntry app = catalog.find(what).orElse(null);
        if (!what.equals("sink") && !what.equals("flows") && app == null) {
            throw new IllegalArgumentException("unknown benchmark '" + what + "'; known: sink, flows, " + catalog.names());
        }
        if (count < 1 || rounds < 1 || partitions < 1 || flows < 1 || eventRate < 1 || eventRate > 1_000_000_000) {
            throw new IllegalArgumentException("--count, --rounds, --partitions, --flows and --event-rate must be positive"
                    + " (--event-rate at most 1,000,000,000)");
        }
        if (warmupSeconds < 0) {
            throw new IllegalArgumentException("--warmup-seconds must not be negative");
        }
        LocalKafkaBroker broker = bootstrap == null ? LocalKafkaBroker.start() : null;
        try {
            String address = broker == null ? bootstrap : broker.bootstrapServers();
            Path work = Files.createTempDirectory(Files.createDirectories(Path.of(".pipeline", "bench")).toAbsolutePath(), what + "-");
            if (what.equals("sink")) {
                new SinkBenchmark(Map.of("bootstrap.servers", address), partitions, System.out).run(count, rounds);
            } else if (what.equals("flows")) {
                new FlowBenchmark(address, work, System.out).run(flows, Duration.ofSeconds(latencySeconds));
            } else {
                Map<String, String> traffic = new java.util.TreeMap<>(app.benchGeneratorOptions());
                traffic.putAll(generatorOptions);
                new AppBenchmark(address, work, System.out,
                        broker == null ? OptionalLong.empty() : OptionalLong.of(broker.pid())).run(app.definition(), app.generator(), traffic, events,
                        Duration.ofNanos(1_000_000_000L / eventRate), Duration.ofSeconds(latencySeconds),
                        Duration.ofSeconds(warmupSeconds));
            }
            return 0;
        } finally {
            if (broker != null) {
                broker.close();
            }
        }
    }
}
