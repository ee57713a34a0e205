package io.eventpipeline.core.event;

/** How urgent an {@link Alert} is. */
public enum Severity {
    INFO,
    WARNING,
    CRITICAL
}
