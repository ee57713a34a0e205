package io.eventpipeline.core.archive;

import io.eventpipeline.core.serde.Json;
import java.io.BufferedReader;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import reactor.core.publisher.Flux;

/** Reads an archive back: every line of every completed file under a directory. */
public final class ArchiveReader {

    private ArchiveReader() {
    }

    /** Every archived line under {@code directory}, file by file in name order. */
    public static Flux<ArchiveLine> read(Path directory) {
        return Flux.defer(() -> Flux.fromIterable(completedFiles(directory)))
                .concatMap(file -> Flux.fromIterable(readFile(file)));
    }

    static List<Path> completedFiles(Path directory) {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(f -> f.getFileName().toString().endsWith(PartitionFile.DONE_SUFFIX)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + directory, e);
        }
    }

    static List<ArchiveLine> readFile(Path file) {
        List<ArchiveLine> lines = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(file)), StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                lines.add(Json.mapper().readValue(line, ArchiveLine.class));
            }
        } catch (EOFException e) {
            throw new UncheckedIOException("archive file " + file + " is truncated", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return lines;
    }

    /** The highest offset in a completed file. */
    static long maxOffset(Path file) {
        return readFile(file).stream().mapToLong(ArchiveLine::offset).max().orElse(-1);
    }
}
