package io.eventpipeline.monitoring.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A command run to its end with a time limit.
 *
 * @param exitCode its exit code
 * @param output what it wrote to stdout and stderr
 */
public record Command(int exitCode, String output) {

    /** Runs {@code command} in {@code dir}; a command still running after {@code limit} is killed and fails. */
    public static Command run(Path dir, Duration limit, List<String> command) {
        try {
            Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
            process.getOutputStream().close();
            // Small outputs: read after exit would risk a full pipe only for far larger ones than these tools print.
            byte[] out = process.getInputStream().readAllBytes();
            if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                return new Command(-1, new String(out, StandardCharsets.UTF_8) + "\n(killed after " + limit + ")");
            }
            return new Command(process.exitValue(), new String(out, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + command + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
