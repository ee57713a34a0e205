package io.eventpipeline.runner;

import io.eventpipeline.core.config.ConfigSource;
import io.eventpipeline.core.config.Durations;
import io.eventpipeline.core.config.PipelineConfig;
import io.eventpipeline.core.generator.GeneratorReport;
import io.eventpipeline.core.generator.GeneratorSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Unmatched;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

/** {@code ./pipeline generate <app>}: sample traffic for one app, with a live progress line. */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Sends sample events for an app to its input topic at a target rate. App-specific options "
                + "(e.g. --devices 1000) are passed to the app's generator.")
final class GenerateCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "<app>", description = "the app whose events to generate")
    String app;

    @Option(names = "--rate", description = "target events per second; 0 = as fast as possible (default ${DEFAULT-VALUE})",
            defaultValue = "1000")
    long rate;

    @Option(names = "--count", description = "stop after this many events")
    Long count;

    @Option(names = "--duration", description = "stop after this long, e.g. 30s, 5m")
    String duration;

    @Option(names = "--seed", description = "random seed, for repeatable runs (default ${DEFAULT-VALUE})", defaultValue = "42")
    long seed;

    @Option(names = "--bootstrap", description = "broker address; default: PIPELINE_BOOTSTRAP_SERVERS or localhost:9092")
    String bootstrap;

    @Unmatched
    List<String> appOptions = new ArrayList<>();

    @Override
    public Integer call() {
        AppCatalog catalog = AppCatalog.standard();
        CatalogEntry entry = catalog.find(app).orElseThrow(() ->
                new IllegalArgumentException("unknown app '" + app + "'; known apps: " + catalog.names()));
        GeneratorSpec spec = spec(app, rate, count, duration, seed);
        ConfigSource source = ConfigSource.fromEnvironment();
        if (bootstrap != null) {
            source = source.with("bootstrap.servers", bootstrap);
        }
        PipelineConfig config = PipelineConfig.load(app, 0, source);
        try (GeneratorRun<?, ?> run = GeneratorRun.start(entry.generator(), spec, appOptions(appOptions), config.clientProperties())) {
            Disposable progress = Flux.interval(Duration.ofSeconds(1)).subscribe(t -> System.out.println(run.progress().line()));
            GeneratorReport report = run.report().block();
            progress.dispose();
            System.out.printf("done: %,d sent, %,d failed, %.1f s, %,.0f events/s%n", report.sent(), report.failed(),
                    report.elapsed().toMillis() / 1000.0, report.ratePerSecond());
            return report.failed() == 0 ? 0 : 1;
        }
    }

    static GeneratorSpec spec(String name, long rate, Long count, String duration, long seed) {
        if (rate < 0) {
            throw new IllegalArgumentException("--rate must not be negative, was " + rate);
        }
        if (count != null && count <= 0) {
            throw new IllegalArgumentException("--count must be positive, was " + count);
        }
        GeneratorSpec spec = GeneratorSpec.of(name, rate).withSeed(seed);
        if (count != null) {
            spec = spec.withCount(count);
        }
        if (duration != null) {
            Duration limit;
            try {
                limit = Durations.parse(duration);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--duration must be a duration such as 30s or 5m, was '" + duration + "'");
            }
            if (limit.isZero() || limit.isNegative()) {
                throw new IllegalArgumentException("--duration must be positive, was '" + duration + "'");
            }
            spec = spec.withDuration(limit);
        }
        return spec;
    }

    /** {@code --devices 1000 --faults on} to {@code {devices=1000, faults=on}}. */
    static Map<String, String> appOptions(List<String> args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (!arg.startsWith("--") || arg.length() < 3) {
                throw new IllegalArgumentException("unexpected argument '" + arg + "'");
            }
            String name = arg.substring(2);
            int eq = name.indexOf('=');
            if (eq > 0) {
                options.put(name.substring(0, eq), name.substring(eq + 1));
            } else if (i + 1 < args.size() && !args.get(i + 1).startsWith("--")) {
                options.put(name, args.get(++i));
            } else {
                throw new IllegalArgumentException("option '" + arg + "' needs a value");
            }
        }
        return options;
    }
}
