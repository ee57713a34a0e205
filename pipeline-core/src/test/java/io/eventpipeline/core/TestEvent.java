package io.eventpipeline.core;

import io.eventpipeline.core.event.Validating;
import io.eventpipeline.core.topic.Topic;

/** A small event for core's tests: a keyed amount that must not be negative. */
public record TestEvent(String id, String key, int amount) implements Validating {

    public static final Topic<String, TestEvent> EVENTS = Topic.json("test.events", TestEvent.class);

    @Override
    public void validate() {
        Validating.requireText("id", id);
        Validating.requireText("key", key);
        Validating.requireRange("amount", amount, 0, 1_000_000);
    }
}
