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
 */
public record CatalogEntry(StreamsAppDefinition definition, AppGenerator<?, ?> generator, Map<String, String> demoSettings,
                           Map<String, String> demoGeneratorOptions) {

    public CatalogEntry {
        demoSettings = Map.copyOf(demoSettings);
        demoGeneratorOptions = Map.copyOf(demoGeneratorOptions);
    }

    public String name() {
        return definition.name();
    }
}
