package io.eventpipeline.runner.bench;

import java.time.Instant;

/** The record the benchmarks send: about the size and shape of a clickstream event. */
public record BenchEvent(String eventId, String userId, String type, String page, double amount, Instant timestamp) {
}
