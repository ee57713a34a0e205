package io.eventpipeline.runner;

import io.eventpipeline.core.app.StreamsAppDefinition;
import io.eventpipeline.core.generator.AppGenerator;
import java.util.Map;

/**
 * One app the runner knows: how to run it and how to feed it.
 *
 * @param definition the app
 * @param generator its sample-traffic generator
 * @param demoSettings settings the demo uses unless the user set them (e.g. a short session gap, so
 *                     closed sessions show within a minute)
 * @param demoGeneratorOptions the generator's options in the demo
 * @param benchGeneratorOptions the generator's options in {@code bench <app>} (each overridable by
 *                              {@code --generator-option})
 */
public record CatalogEntry(StreamsAppDefinition definition, AppGenerator<String, byte[]> generator, Map<String, String> demoSettings,
                           Map<String, String> demoGeneratorOptions, Map<String, String> benchGeneratorOptions) {

    public CatalogEntry {
        demoSettings = Map.copyOf(demoSettings);
        demoGeneratorOptions = Map.copyOf(demoGeneratorOptions);
        benchGeneratorOptions = Map.copyOf(benchGeneratorOptions);
    }

    public String name() {
        return definition.name();
    }
}
