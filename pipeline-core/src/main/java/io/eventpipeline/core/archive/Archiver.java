package io.eventpipeline.core.archive;

import io.eventpipeline.core.reactive.EventSource;
import io.eventpipeline.core.reactive.Inbound;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Archives every record of a topic, as received, to gzip NDJSON files: one line per record
 * ({@link ArchiveLine}), one file sequence per partition, a new file every hour of record time and
 * whenever a file reaches {@link ArchiveSettings#maxFileBytes()}.
 *
 * <p><b>Exactly once in the archive.</b> Records are written in batches; after each batch the files are
 * flushed to disk, and only then are the batch's offsets committed. After a crash the consumer resumes
 * from the last commit, so records written after it come again: the archiver first recovers the files
 * the crash left open (keeping every complete line) and skips every record at or below the highest
 * offset already archived for its partition. Each record therefore appears in the archive once.
 *
 * <p>One archiver per topic and directory, and a directory belongs to one topic of one cluster: offsets
 * identify records, so a re-created topic needs a new directory. Partitions moving to an archiver
 * instance on another disk would split the sequence. Writing happens on one thread, the archiver's own.
 */
public final class Archiver implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Archiver.class);
    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("yyyy-MM-dd/HH").withZone(ZoneOffset.UTC);

    private final EventSource<String, byte[]> source;
    private final String topic;
    private final ArchiveSettings settings;
    private final Scheduler thread;
    private final Map<Integer, PartitionState> partitions = new HashMap<>();
    private final AtomicLong archived = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile Disposable running;

    /**
     * @param source the topic's records as raw bytes (see {@link io.eventpipeline.core.topic.Topic#raw})
     * @param topic the topic's name, for file names
     */
    public Archiver(EventSource<String, byte[]> source, String topic, ArchiveSettings settings) {
        this.source = source;
        this.topic = topic;
        this.settings = settings;
        this.thread = Schedulers.newSingle("archiver-" + topic, true);
    }

    /** What one partition has archived. */
    private static final class PartitionState {
        PartitionFile file;
        long lastArchived = -1;
    }

    /** Starts archiving; returns at once. */
    public Archiver start() {
        Mono.fromRunnable(this::recoverOpenFiles).subscribeOn(thread).block();
        running = source.receive()
                .bufferTimeout(settings.flushRecords(), settings.flushInterval(), true)
                .concatMap(batch -> Mono.fromRunnable(() -> write(batch)).subscribeOn(thread)
                        // Offsets are committed only once the batch is on disk.
                        .then(Mono.defer(() -> batch.get(batch.size() - 1).commit())))
                .doFinally(signal -> stopped.countDown())
                .subscribe(v -> { }, e -> LOG.error("archiver for {} stopped", topic, e));
        return this;
    }

    /** Records written to the archive so far. */
    public long archived() {
        return archived.get();
    }

    /** Records received again after a restart and skipped because the archive already held them. */
    public long skipped() {
        return skipped.get();
    }

    /**
     * Stops reading and leaves the files as they are, open ones included, as a crash would. Returns once a
     * write under way has finished, so that no file changes afterwards (a dead process writes nothing).
     * For tests.
     */
    void abandon() {
        Disposable r = running;
        if (r != null) {
            r.dispose();
        }
        thread.disposeGracefully().block(java.time.Duration.ofSeconds(10));
    }

    /** Stops reading, then completes every open file. */
    @Override
    public void close() {
        Disposable r = running;
        if (r != null) {
            r.dispose();
            try {
                stopped.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        Mono.fromRunnable(this::completeFiles).subscribeOn(thread).block();
        thread.dispose();
    }

    private void write(List<Inbound<String, byte[]>> batch) {
        List<PartitionFile> touched = new ArrayList<>();
        for (Inbound<String, byte[]> record : batch) {
            PartitionState state = partitions.computeIfAbsent(record.partition(), this::resume);
            if (record.offset() <= state.lastArchived) {
                skipped.incrementAndGet();
                continue;
            }
            String hour = HOUR.format(Instant.ofEpochMilli(record.timestamp()));
            if (state.file == null || !state.file.hour().equals(hour) || state.file.bytes() >= settings.maxFileBytes()) {
                if (state.file != null) {
                    state.file.close();
                    touched.remove(state.file);
                }
                state.file = PartitionFile.begin(topicDir().resolve(hour), hour, topic, record.partition(), record.offset());
            }
            state.file.append(line(record));
            state.lastArchived = record.offset();
            archived.incrementAndGet();
            if (!touched.contains(state.file)) {
                touched.add(state.file);
            }
        }
        touched.forEach(PartitionFile::flush);
        // Acknowledged only once durable: the consumer may commit acknowledged offsets at any time
        // (periodically, on rebalance, on close), and must never commit a record that is not on disk.
        batch.forEach(Inbound::acknowledge);
    }

    /**
     * Completes every file a crash left open, for all partitions: a partition whose records were all
     * committed before the crash never comes again, but its last file must still be completed.
     */
    private void recoverOpenFiles() {
        for (Path file : filesEndingWith(PartitionFile.OPEN_SUFFIX, "")) {
            List<Long> offsets = PartitionFile.recover(file);
            LOG.info("recovered {} archived records from {}", offsets.size(), file.getFileName());
        }
    }

    /** Where this partition's archive ends: the highest offset in its newest file. */
    private PartitionState resume(int partition) {
        PartitionState state = new PartitionState();
        List<Path> done = filesEndingWith(PartitionFile.DONE_SUFFIX, topic + "-" + partition + "-");
        if (!done.isEmpty()) {
            // Names carry the first offset, zero-padded: the last name in order is the newest file.
            state.lastArchived = ArchiveReader.maxOffset(done.get(done.size() - 1));
            LOG.info("archive of {}-{} resumes after offset {}", topic, partition, state.lastArchived);
        }
        return state;
    }

    private List<Path> filesEndingWith(String suffix, String namePrefix) {
        if (!Files.isDirectory(topicDir())) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(topicDir())) {
            return files.filter(f -> {
                String name = f.getFileName().toString();
                return name.startsWith(namePrefix) && name.endsWith(suffix);
            }).sorted(java.util.Comparator.comparing(f -> f.getFileName().toString())).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot scan " + topicDir(), e);
        }
    }

    private void completeFiles() {
        partitions.values().forEach(state -> {
            if (state.file != null) {
                state.file.close();
                state.file = null;
            }
        });
    }

    private Path topicDir() {
        return settings.directory().resolve(topic);
    }

    private static byte[] line(Inbound<String, byte[]> record) {
        return ArchiveLines.line(record.topic(), record.partition(), record.offset(), record.timestamp(), record.key(),
                record.value());
    }
}
