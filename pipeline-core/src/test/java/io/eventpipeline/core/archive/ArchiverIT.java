package io.eventpipeline.core.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eventpipeline.core.KafkaProbe;
import io.eventpipeline.core.reactive.ReactiveKafka;
import io.eventpipeline.core.reactive.SourceOptions;
import io.eventpipeline.core.topic.Topic;
import io.eventpipeline.core.topic.TopicAdmin;
import io.eventpipeline.core.topic.TopicSpec;
import io.eventpipeline.localkafka.LocalKafkaBroker;
import io.eventpipeline.localkafka.LocalKafkaExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The archive holds every record exactly once, across a crash that leaves files open, on the real broker. */
@ExtendWith(LocalKafkaExtension.class)
class ArchiverIT {

    private static final int RECORDS = 20_000;

    @Test
    void shouldHoldEveryRecordExactlyOnceAcrossACrash(LocalKafkaBroker broker, @TempDir Path archive) throws Exception {
        String run = "archive-" + Long.toHexString(System.nanoTime());
        Topic<String, byte[]> topic = Topic.raw(run + ".events");
        Map<String, Object> client = Map.of("bootstrap.servers", broker.bootstrapServers());
        TopicAdmin.ensure(client, List.of(TopicSpec.of(topic, 3), TopicSpec.of(run + ".dlq", 1)));
        List<String[]> records = new ArrayList<>();
        for (int i = 0; i < RECORDS; i++) {
            records.add(new String[] {"k" + (i % 101), i % 1_000 == 0 ? "not json " + i : "{\"n\":" + i + "}"});
        }
        KafkaProbe.produceStrings(broker.bootstrapServers(), topic.name(), records);
        SourceOptions options = SourceOptions.of("test", run + "-archiver", run + ".dlq").withCommitInterval(Duration.ofSeconds(30));
        ArchiveSettings settings = new ArchiveSettings(archive, 64 * 1024, 500, Duration.ofMillis(200));

        // First archiver: dies part way, leaving open files behind and some records uncommitted.
        Archiver first = new Archiver(ReactiveKafka.source(client, topic, options), topic.name(), settings).start();
        await(() -> first.archived() >= RECORDS / 3, Duration.ofSeconds(60), "a third archived before the crash");
        first.abandon();
        try (var files = Files.walk(archive)) {
            assertTrue(files.anyMatch(f -> f.toString().endsWith(PartitionFile.OPEN_SUFFIX)), "the crash left open files");
        }

        // Second archiver on the same directory and group: recovers, skips what is archived, finishes.
        Archiver second = new Archiver(ReactiveKafka.source(client, topic, options), topic.name(), settings).start();
        await(() -> KafkaProbe.committedToEnd(broker.bootstrapServers(), run + "-archiver", topic.name()),
                Duration.ofSeconds(60), "every record archived and committed");
        second.close();

        List<ArchiveLine> lines = ArchiveReader.read(archive).collectList().block();
        Set<String> identities = new HashSet<>();
        for (ArchiveLine line : lines) {
            assertTrue(identities.add(line.partition() + "/" + line.offset()), "archived twice: " + line);
        }
        assertEquals(RECORDS, lines.size(), "every record once (skipped after restart: " + second.skipped() + ")");
        long raw = lines.stream().filter(l -> l.rawValue() != null).count();
        assertEquals(RECORDS / 1_000, raw, "records that are not JSON are kept as text");
        assertTrue(lines.stream().filter(l -> l.value() != null).allMatch(l -> l.value().has("n")));
        assertTrue(ArchiveReader.completedFiles(archive).size() > 3, "files roll by size");

        // A reader whose committed offsets were lost (a new group) finds everything archived already.
        Archiver again = new Archiver(ReactiveKafka.source(client, topic, SourceOptions.of("test", run + "-other", run + ".dlq")),
                topic.name(), settings).start();
        await(() -> again.skipped() >= RECORDS, Duration.ofSeconds(60), "every record recognised as archived");
        again.close();
        assertEquals(0, again.archived());
        assertEquals(RECORDS, ArchiveReader.read(archive).count().block());
    }

    private static void await(BooleanSupplier condition, Duration timeout, String what) {
        Awaitility.await(what).atMost(timeout).pollInSameThread().pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(20)).until(condition::getAsBoolean);
    }
}
