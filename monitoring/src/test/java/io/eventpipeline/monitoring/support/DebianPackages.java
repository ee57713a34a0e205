package io.eventpipeline.monitoring.support;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Tools the tests run (Prometheus, Chromium) come from Debian's packages: found on the {@code PATH}, or
 * installed with {@code apt-get} (as root, or through {@code sudo -n}) the first time a test needs them.
 * The install log goes to {@code target/apt-<package>.log}.
 */
public final class DebianPackages {

    private static final long INSTALL_TIMEOUT_MINUTES = 15;

    private DebianPackages() {
    }

    /**
     * The path of {@code command}, installing {@code debianPackage} first if it is not on the PATH.
     *
     * @throws IllegalStateException if it cannot be installed, with the log's location
     */
    public static synchronized Path require(String command, String debianPackage) {
        Optional<Path> found = onPath(command);
        if (found.isPresent()) {
            return found.get();
        }
        Path log = Path.of("target", "apt-" + debianPackage + ".log").toAbsolutePath();
        if (apt(log, "install", "-y", "--no-install-recommends", debianPackage) != 0) {
            // A fresh machine may have no package lists yet, or stale ones; an interrupted install leaves
            // dpkg waiting to be configured.
            run(log, "dpkg", "--configure", "-a");
            apt(log, "update");
            int exit = apt(log, "install", "-y", "--no-install-recommends", debianPackage);
            if (exit != 0) {
                throw new IllegalStateException("apt-get install " + debianPackage + " failed (exit " + exit
                        + "); see " + log);
            }
        }
        return onPath(command).orElseThrow(() -> new IllegalStateException(
                debianPackage + " is installed but " + command + " is not on the PATH; see " + log));
    }

    static Optional<Path> onPath(String command) {
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir, command);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private static int apt(Path log, String... args) {
        List<String> command = new ArrayList<>();
        command.add("apt-get");
        command.addAll(List.of(args));
        return run(log, command.toArray(String[]::new));
    }

    private static int run(Path log, String... args) {
        List<String> command = new ArrayList<>();
        if (!"root".equals(System.getProperty("user.name"))) {
            command.add("sudo");
            command.add("-n");
        }
        command.addAll(List.of(args));
        try {
            Files.createDirectories(log.getParent());
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            builder.environment().put("DEBIAN_FRONTEND", "noninteractive");
            Process process = builder.start();
            if (!process.waitFor(INSTALL_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " took longer than "
                        + INSTALL_TIMEOUT_MINUTES + " minutes; see " + log);
            }
            return process.exitValue();
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + String.join(" ", command) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while installing", e);
        }
    }
}
