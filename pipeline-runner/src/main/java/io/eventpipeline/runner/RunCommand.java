package io.eventpipeline.runner;

import io.eventpipeline.core.app.PipelineApp;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code ./pipeline run <app>}: one app against the broker named by {@code PIPELINE_BOOTSTRAP_SERVERS}. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Runs one app with settings from PIPELINE_* environment variables until Ctrl-C.")
final class RunCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "<app>", description = "the app to run")
    String app;

    @Override
    public Integer call() {
        AppCatalog catalog = AppCatalog.standard();
        CatalogEntry entry = catalog.find(app).orElseThrow(() ->
                new IllegalArgumentException("unknown app '" + app + "'; known apps: " + catalog.names()));
        PipelineApp.run(entry.definition());
        return 0;
    }
}
