package io.eventpipeline.runner;

import io.eventpipeline.core.app.StreamsAppDefinition;
import io.eventpipeline.core.generator.AppGenerator;

/**
 * One app the runner knows: how to run it and how to feed it.
 *
 * @param definition the app
 * @param generator its sample-traffic generator
 */
public record CatalogEntry(StreamsAppDefinition definition, AppGenerator<?, ?> generator) {

    public String name() {
        return definition.name();
    }
}
