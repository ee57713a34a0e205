package io.eventpipeline.runner;

import io.eventpipeline.core.app.PipelineApp;
import io.eventpipeline.core.config.ConfigSource;
import io.eventpipeline.core.config.PipelineConfig;
import io.eventpipeline.core.generator.GeneratorSpec;
import io.eventpipeline.localkafka.LocalKafkaBroker;
import io.eventpipeline.monitoring.live.DashboardApps;
import io.eventpipeline.monitoring.live.LiveDashboard;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

/**
 * {@code ./pipeline demo}: the whole pipeline on this machine. Starts a real Kafka broker, every app in
 * the build with its generator, prints where to look, then a status line until Ctrl-C, which stops
 * everything in reverse order. Every setting is checked before anything starts.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Starts a local Kafka broker, every app with its generator, and prints the bootstrap "
                + "address, every URL and a periodic status line. Ctrl-C stops everything.")
final class DemoCommand implements Callable<Integer> {

    private static final String DASHBOARD = "dashboard";
    /** The demo's commit interval unless PIPELINE_COMMIT_INTERVAL says otherwise (see {@link #call}). */
    static final String DEMO_COMMIT_INTERVAL = "1s";

    @Option(names = "--rate", description = "events per second per generator (default: PIPELINE_DEMO_RATE or 200)")
    Long rate;

    @Option(names = "--no-generators", description = "start the apps without sample traffic")
    boolean noGenerators;

    @Option(names = "--bootstrap", description = "use this broker instead of starting one")
    String bootstrap;

    @Override
    public Integer call() throws InterruptedException {
        AppCatalog catalog = AppCatalog.standard();
        ConfigSource source = ConfigSource.fromEnvironment();
        DemoSettings settings = DemoSettings.load(source, rate);
        // Check every app's settings before starting anything, so a typo fails in a second, not a minute.
        PipelineConfig.load("demo", 0, source);
        PipelineConfig.load(DASHBOARD, LiveDashboard.DEFAULT_PORT, source);
        DashboardApps dashboardApps = DashboardApps.load(source);
        for (CatalogEntry entry : catalog.entries()) {
            entry.definition().validateSettings(PipelineConfig.load(entry.name(), entry.definition().defaultHttpPort(), source));
        }

        List<AutoCloseable> running = new ArrayList<>();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("\nstopping...");
            closeInReverse(running);
            stopped.countDown();
        }, "demo-shutdown"));

        String brokerAddress = bootstrap;
        if (brokerAddress == null) {
            System.out.println("starting a local Kafka broker...");
            LocalKafkaBroker broker = LocalKafkaBroker.start();
            running.add(broker);
            brokerAddress = broker.bootstrapServers();
        }
        ConfigSource demoSource = source.with("bootstrap.servers", brokerAddress);
        if (source.get("state.dir").isEmpty()) {
            Path stateDir = tempDir();
            running.add(() -> deleteQuietly(stateDir));
            demoSource = demoSource.with("state.dir", stateDir.toString());
            // Archives belong with this run's broker: offsets of a new broker start again at 0.
            for (CatalogEntry entry : catalog.entries()) {
                String key = entry.name() + ".archive.dir";
                if (source.get(key).isEmpty() && source.get("archive.dir").isEmpty()) {
                    demoSource = demoSource.with(key, stateDir.resolve("archive-" + entry.name()).toString());
                }
            }
        }

        // Every app of the demo shares one broker on two cores: committing every 100 ms (Kafka Streams'
        // exactly-once default) costs the broker a transaction's markers ten times a second per stream
        // thread, and the apps fell behind at 200 events/s each; once a second they keep up.
        if (source.get("commit.interval").isEmpty()) {
            demoSource = demoSource.with("commit.interval", DEMO_COMMIT_INTERVAL);
        }
        for (CatalogEntry entry : catalog.entries()) {
            for (var setting : entry.demoSettings().entrySet()) {
                if (source.get(setting.getKey()).isEmpty()) {
                    demoSource = demoSource.with(setting.getKey(), setting.getValue());
                }
            }
        }

        List<PipelineApp> apps = new ArrayList<>();
        for (CatalogEntry entry : catalog.entries()) {
            PipelineConfig config = PipelineConfig.load(entry.name(), entry.definition().defaultHttpPort(), demoSource);
            PipelineApp app = PipelineApp.start(entry.definition(), config);
            running.add(app);
            apps.add(app);
        }
        for (PipelineApp app : apps) {
            app.awaitReady(app.config().startupTimeout());
        }
        List<GeneratorRun<?, ?>> generators = new ArrayList<>();
        if (!noGenerators) {
            for (CatalogEntry entry : catalog.entries()) {
                GeneratorSpec spec = GeneratorSpec.of(entry.name(), settings.rate());
                PipelineConfig config = PipelineConfig.load(entry.name(), entry.definition().defaultHttpPort(), demoSource);
                GeneratorRun<?, ?> run = GeneratorRun.start(entry.generator(), spec, entry.demoGeneratorOptions(),
                        config.clientProperties());
                running.add(run);
                generators.add(run);
            }
        }

        LiveDashboard dashboard = LiveDashboard.start(
                PipelineConfig.load(DASHBOARD, LiveDashboard.DEFAULT_PORT, demoSource), dashboardApps);
        running.add(dashboard);

        printBanner(brokerAddress, apps, dashboard, settings);
        Disposable status = Flux.interval(settings.statusInterval(), settings.statusInterval())
                .subscribe(t -> System.out.println(statusLine(apps, generators)));
        running.add(status::dispose);
        stopped.await();
        return 0;
    }

    private static void printBanner(String brokerAddress, List<PipelineApp> apps, LiveDashboard dashboard,
                                    DemoSettings settings) {
        StringBuilder banner = new StringBuilder("\nevent-pipeline demo is running\n");
        banner.append(String.format(Locale.ROOT, "  %-18s %s%n", "Kafka bootstrap:", brokerAddress));
        banner.append(String.format(Locale.ROOT, "  %-18s http://localhost:%d/%n", "Live dashboard:", dashboard.port()));
        for (PipelineApp app : apps) {
            String base = "http://" + app.config().advertisedHost() + ":" + app.httpPort();
            banner.append(String.format(Locale.ROOT, "  %-18s %s/metrics  %s/health/ready%n",
                    app.definition().name() + ":", base, base));
            for (String query : app.definition().exampleQueries()) {
                banner.append(String.format(Locale.ROOT, "  %-18s %s%s%n", "", base, query));
            }
        }
        if (apps.isEmpty()) {
            banner.append("  (no app modules in this build yet: only the broker runs)\n");
        }
        banner.append(String.format(Locale.ROOT, "  %-18s every %d s; Ctrl-C stops everything%n", "status:",
                settings.statusInterval().toSeconds()));
        System.out.println(banner);
    }

    static String statusLine(List<PipelineApp> apps, List<GeneratorRun<?, ?>> generators) {
        StringBuilder line = new StringBuilder("status");
        for (PipelineApp app : apps) {
            var m = app.metrics();
            line.append(String.format(Locale.ROOT, "  %s in %,.0f out %,.0f dlq %,.0f%s", app.definition().name(),
                    m.totalIn(), m.totalOut(), m.totalDeadLetters(), app.streams().isReady() ? "" : " (not ready)"));
        }
        for (GeneratorRun<?, ?> run : generators) {
            line.append("  | ").append(run.progress().line());
        }
        if (apps.isEmpty() && generators.isEmpty()) {
            line.append("  broker up");
        }
        return line.toString();
    }

    private static Path tempDir() {
        try {
            // Under the working directory, not /tmp, which the OS may clean while the demo runs.
            Path parent = Files.createDirectories(Path.of(".pipeline", "demo"));
            return Files.createTempDirectory(parent.toAbsolutePath(), "state-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a state directory", e);
        }
    }

    private static void deleteQuietly(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private static void closeInReverse(List<AutoCloseable> running) {
        for (int i = running.size() - 1; i >= 0; i--) {
            try {
                running.get(i).close();
            } catch (Exception e) {
                System.err.println("while stopping: " + e);
            }
        }
    }

    /**
     * The demo's own settings.
     *
     * @param rate events per second per generator ({@code PIPELINE_DEMO_RATE})
     * @param statusInterval how often the status line prints ({@code PIPELINE_DEMO_STATUS_INTERVAL})
     */
    record DemoSettings(long rate, Duration statusInterval) {
        static DemoSettings load(ConfigSource source, Long rateOption) {
            long rate = rateOption != null ? rateOption : source.getLong("demo.rate", 200, 0, 10_000_000);
            if (rate < 0) {
                throw new IllegalArgumentException("--rate must not be negative, was " + rate);
            }
            return new DemoSettings(rate, source.getDuration("demo.status.interval", Duration.ofSeconds(5), Duration.ofSeconds(1)));
        }
    }
}
