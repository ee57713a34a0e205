package io.eventpipeline.core.http;

/** What {@code /health/live} and {@code /health/ready} report. Implementations are thread-safe. */
public interface Health {

    /** False once the instance cannot recover by itself and should be restarted. */
    boolean live();

    /** True while the instance serves: processing runs and queries can be answered. */
    boolean ready();
}
