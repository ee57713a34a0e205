package io.eventpipeline.clickstream;

import io.eventpipeline.core.config.ConfigSource;
import io.eventpipeline.core.config.PipelineConfig;
import java.time.Duration;

/**
 * The clickstream app's own settings, read with the app's scope (so {@code PIPELINE_CLICKSTREAM_SESSION_GAP}
 * or {@code PIPELINE_SESSION_GAP}) and checked at start-up.
 *
 * @param grace how late an event may arrive and still count in its window ({@code grace}, default 30s)
 * @param sessionGap inactivity that ends a session ({@code session.gap}, default 30m)
 * @param topPages pages in a top-pages ranking ({@code top.pages}, default 10)
 * @param botWindow the window bot rules look at ({@code bot.window}, default 10s)
 * @param botMaxEvents events per user per bot window above which the user is a suspected bot ({@code bot.max.events}, default 50)
 * @param botMaxPagesPerSecond distinct pages per second above which the user is a suspected bot ({@code bot.max.pages.per.second}, default 3.0)
 * @param relatedPages pages kept per page in the related-pages store ({@code related.pages}, default 10)
 * @param partitions partitions of the app's topics when it creates them ({@code partitions}, default 6)
 * @param archiveDir where the compliance archive of raw events goes ({@code archive.dir}, default
 *                   {@code .pipeline/archive}); {@code none} turns the archive off
 * @param preaggregateInterval how often per-task partial counts leave for their re-keyed aggregation
 *                             ({@code preaggregate.interval}, default 1s): longer means fewer repartition
 *                             records and later dashboard updates
 * @param partitionIdleAfter silence (wall clock) after which a task counting views no longer holds back the
 *                           closing of the page-view windows, until it sends again ({@code partition.idle.after},
 *                           default 2m: longer than a task takes to restore its state and resume)
 */
public record ClickstreamConfig(Duration grace, Duration sessionGap, int topPages, Duration botWindow, long botMaxEvents,
                                double botMaxPagesPerSecond, int relatedPages, int partitions, String archiveDir,
                                Duration preaggregateInterval, Duration partitionIdleAfter) {

    /** With {@code partition.idle.after} at its default. */
    public ClickstreamConfig(Duration grace, Duration sessionGap, int topPages, Duration botWindow, long botMaxEvents,
                             double botMaxPagesPerSecond, int relatedPages, int partitions, String archiveDir,
                             Duration preaggregateInterval) {
        this(grace, sessionGap, topPages, botWindow, botMaxEvents, botMaxPagesPerSecond, relatedPages, partitions,
                archiveDir, preaggregateInterval, Duration.ofMinutes(2));
    }

    /** This config with another archive directory. */
    public ClickstreamConfig withArchiveDir(String dir) {
        return new ClickstreamConfig(grace, sessionGap, topPages, botWindow, botMaxEvents, botMaxPagesPerSecond,
                relatedPages, partitions, dir, preaggregateInterval, partitionIdleAfter);
    }

    /** Whether the archive is on. */
    public boolean archiving() {
        return !archiveDir.equalsIgnoreCase("none");
    }

    /** Defaults, for tests. */
    public static ClickstreamConfig defaults() {
        return from(ConfigSource.of(java.util.Map.of(), java.util.Map.of()));
    }

    /** Reads and checks the settings. */
    public static ClickstreamConfig from(PipelineConfig config) {
        return from(config.source().scoped(config.app()));
    }

    static ClickstreamConfig from(ConfigSource source) {
        return new ClickstreamConfig(
                source.getDuration("grace", Duration.ofSeconds(30), Duration.ZERO),
                source.getDuration("session.gap", Duration.ofMinutes(30), Duration.ofSeconds(1)),
                source.getInt("top.pages", 10, 1, 1_000),
                source.getDuration("bot.window", Duration.ofSeconds(10), Duration.ofSeconds(1)),
                source.getLong("bot.max.events", 50, 1, Long.MAX_VALUE),
                source.getDouble("bot.max.pages.per.second", 3.0, 0.01, 1e6),
                source.getInt("related.pages", 10, 1, 1_000),
                source.getInt("partitions", 6, 1, 1_024),
                source.getString("archive.dir", java.nio.file.Path.of(".pipeline", "archive").toString()),
                source.getDuration("preaggregate.interval", Duration.ofSeconds(1), Duration.ofMillis(10)),
                source.getDuration("partition.idle.after", Duration.ofMinutes(2), Duration.ofMillis(100)));
    }
}
