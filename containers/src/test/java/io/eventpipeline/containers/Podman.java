package io.eventpipeline.containers;

import io.eventpipeline.monitoring.support.DebianPackages;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs podman, and the project's scripts that run it, the way this machine needs: Debian's podman, runc,
 * podman-compose and debootstrap (installed on first use), and {@code containers/local/containers.conf}
 * through {@code CONTAINERS_CONF} unless that is set already.
 */
final class Podman {

    private final Path root;
    private final Path logs;
    private final Map<String, String> env;

    private Podman(Path root, Path logs, Map<String, String> env) {
        this.root = root;
        this.logs = logs;
        this.env = env;
    }

    /** The tools, installed if missing; {@code root} is the project's root, {@code logs} where output goes. */
    static Podman require(Path root, Path logs) {
        for (String tool : List.of("podman", "runc", "podman-compose", "debootstrap")) {
            DebianPackages.require(tool, tool);
        }
        String conf = System.getenv("CONTAINERS_CONF");
        return new Podman(root, logs, Map.of("CONTAINERS_CONF",
                conf != null ? conf : root.resolve("containers/local/containers.conf").toString()));
    }

    /** What a command wrote (stdout and stderr) and how it ended. */
    record Result(int exitCode, String output) {
        boolean ok() {
            return exitCode == 0;
        }
    }

    /** {@code podman args…}; fails unless it exits 0 within {@code limit}. */
    String podman(Duration limit, String... args) {
        List<String> command = new ArrayList<>(List.of("podman"));
        command.addAll(List.of(args));
        return check(command, exec(limit, command));
    }

    /** {@code podman args…}, whatever its exit code. */
    Result tryPodman(Duration limit, String... args) {
        List<String> command = new ArrayList<>(List.of("podman"));
        command.addAll(List.of(args));
        return exec(limit, command);
    }

    /** Runs {@code command} in the project's root; fails unless it exits 0 within {@code limit}. */
    String run(Duration limit, List<String> command) {
        return check(command, exec(limit, command));
    }

    Result exec(Duration limit, List<String> command) {
        try {
            Files.createDirectories(logs);
            Path out = Files.createTempFile(logs, "command-", ".log");
            ProcessBuilder builder = new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true)
                    .redirectOutput(out.toFile());
            builder.environment().putAll(env);
            Process process = builder.start();
            if (!process.waitFor(limit.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new AssertionError(String.join(" ", command) + " still running after " + limit.toSeconds()
                        + " s; output: " + tail(Files.readString(out, StandardCharsets.UTF_8)));
            }
            String output = Files.readString(out, StandardCharsets.UTF_8);
            Files.delete(out);
            return new Result(process.exitValue(), output);
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + String.join(" ", command) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running " + String.join(" ", command), e);
        }
    }

    private static String check(List<String> command, Result result) {
        if (!result.ok()) {
            throw new AssertionError(String.join(" ", command) + " exited " + result.exitCode() + ": " + tail(result.output()));
        }
        return result.output();
    }

    private static String tail(String output) {
        return output.length() <= 4_000 ? output : "…" + output.substring(output.length() - 4_000);
    }
}
