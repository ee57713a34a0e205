package io.eventpipeline.core.archive;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How an {@link Archiver} writes.
 *
 * @param directory where files go: {@code <directory>/<topic>/<yyyy-MM-dd>/<HH>/<topic>-<partition>-<firstOffset>.ndjson.gz}
 * @param maxFileBytes a file is closed and a new one begun once this many uncompressed bytes are in it
 * @param flushRecords data is flushed to disk (and offsets committed) after at most this many records
 * @param flushInterval … or after at most this long
 */
public record ArchiveSettings(Path directory, long maxFileBytes, int flushRecords, Duration flushInterval) {

    public ArchiveSettings {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(flushInterval, "flushInterval");
        if (maxFileBytes < 1024 || flushRecords < 1 || flushInterval.isNegative() || flushInterval.isZero()) {
            throw new IllegalArgumentException("archive settings out of range: " + maxFileBytes + " bytes, "
                    + flushRecords + " records, " + flushInterval);
        }
    }

    /** 64 MiB files, flushed every 5,000 records or second. */
    public static ArchiveSettings in(Path directory) {
        return new ArchiveSettings(directory, 64L * 1024 * 1024, 5_000, Duration.ofSeconds(1));
    }

    public ArchiveSettings withMaxFileBytes(long bytes) {
        return new ArchiveSettings(directory, bytes, flushRecords, flushInterval);
    }
}
