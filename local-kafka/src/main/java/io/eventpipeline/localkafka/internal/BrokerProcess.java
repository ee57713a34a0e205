package io.eventpipeline.localkafka.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** The broker's child JVM: formats storage, launches {@link BrokerMain}, and stops it. */
public final class BrokerProcess {

    private final Process process;
    private final Path log;

    /*
     * No shutdown hook kills the broker: hooks run concurrently, and the broker must outlive the clients
     * that close in other hooks. When this JVM ends, the child sees its standard input close and stops
     * itself (see BrokerMain).
     */
    private BrokerProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Writes the broker's config, formats its log directory and starts it; does not wait for it to serve. */
    public static BrokerProcess launch(Path dir, Map<String, String> serverProperties, int heapMb) {
        try {
            Path config = dir.resolve("server.properties");
            Path logback = dir.resolve("logback.xml");
            Path log = dir.resolve("broker.log");
            writeProperties(config, serverProperties);
            try (InputStream in = BrokerProcess.class.getResourceAsStream("/local-kafka/logback.xml")) {
                Files.copy(in, logback, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            if (!Files.exists(dir.resolve("data").resolve("meta.properties"))) {
                format(dir, config, log);
            }
            List<String> command = javaCommand(heapMb, logback);
            command.add(BrokerMain.class.getName());
            command.add(config.toString());
            Process process = new ProcessBuilder(command)
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
            return new BrokerProcess(process, log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot launch the local broker in " + dir, e);
        }
    }

    private static void format(Path dir, Path config, Path log) throws IOException {
        List<String> command = javaCommand(256, dir.resolve("logback.xml"));
        command.addAll(List.of("kafka.tools.StorageTool", "format", "--ignore-formatted",
                "--cluster-id=" + clusterId(), "--config", config.toString()));
        Process format = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        try {
            if (!format.waitFor(60, TimeUnit.SECONDS)) {
                format.destroyForcibly();
                throw new IllegalStateException("formatting the broker's storage took over 60 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            format.destroyForcibly();
            throw new IllegalStateException("interrupted while formatting the broker's storage", e);
        }
        if (format.exitValue() != 0) {
            throw new IllegalStateException("formatting the broker's storage failed (exit " + format.exitValue()
                    + "):\n" + tail(log, 20));
        }
    }

    /**
     * A Kafka cluster id: 16 random bytes, URL-safe base64 without padding. It may start with '-' (one in
     * 64), so it is passed as {@code --cluster-id=<id>}, never as a separate argument an option parser
     * would take for an option.
     */
    private static String clusterId() {
        UUID uuid = UUID.randomUUID();
        java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocate(16);
        buffer.putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits());
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(buffer.array());
    }

    private static List<String> javaCommand(int heapMb, Path logback) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>();
        command.add(java);
        command.add("-Xms" + Math.min(256, heapMb) + "m");
        command.add("-Xmx" + heapMb + "m");
        command.add("-XX:+UseG1GC");
        command.add("-XX:MaxGCPauseMillis=20");
        command.add("-Djava.awt.headless=true");
        command.add("-Dlogback.configurationFile=" + logback);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        return command;
    }

    private static void writeProperties(Path file, Map<String, String> properties) throws IOException {
        StringBuilder text = new StringBuilder();
        properties.forEach((k, v) -> text.append(k).append('=').append(v.replace("\\", "\\\\")).append('\n'));
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** The broker JVM's process id. */
    public long pid() {
        return process.pid();
    }

    public int exitValue() {
        return process.exitValue();
    }

    /** The last lines of the broker's log, for error messages. */
    public String logTail(int lines) {
        return tail(log, lines);
    }

    /** SIGTERM, then SIGKILL if the broker has not exited within the bound. Idempotent. */
    public void stop(Duration bound) {
        try {
            if (process.isAlive()) {
                process.destroy();
                if (!process.waitFor(bound.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        } finally {
            closeQuietly(process.getOutputStream());
        }
    }

    private static void closeQuietly(OutputStream out) {
        try {
            out.close();
        } catch (IOException ignored) {
            // The child is gone already.
        }
    }

    private static String tail(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** Deletes a directory tree, ignoring files that vanish meanwhile. */
    public static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException ignored) {
                    // Best effort: a temp directory left behind is harmless.
                }
            });
        } catch (IOException ignored) {
            // Best effort, as above.
        }
    }
}
