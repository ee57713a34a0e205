package io.eventpipeline.runner.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * {@code ./pipeline demo} run as a user runs it, in a child process, with its output read line by line.
 * Closing it sends SIGTERM and waits for the demo to stop.
 */
public final class DemoProcess implements AutoCloseable {

    public static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();

    private final Process process;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final List<String> seen = new ArrayList<>();

    private DemoProcess(Process process) {
        this.process = process;
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    lines.add(line);
                }
            } catch (IOException ignored) {
                // The process ended.
            }
        }, "demo-output");
        reader.setDaemon(true);
        reader.start();
    }

    public static DemoProcess start(Map<String, String> env) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(ROOT.resolve("pipeline").toString(), "demo")
                .directory(ROOT.toFile()).redirectErrorStream(true);
        builder.environment().put("PIPELINE_SKIP_BUILD", "1");
        builder.environment().putAll(env);
        return new DemoProcess(builder.start());
    }

    /** The first line from now on that contains {@code text}. */
    public String awaitLine(String text, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            String line = lines.poll(200, TimeUnit.MILLISECONDS);
            if (line != null) {
                seen.add(line);
                if (line.contains(text)) {
                    return line;
                }
            }
        }
        throw new AssertionError("no line containing '" + text + "' within " + timeout.toSeconds() + " s; output:\n"
                + String.join("\n", seen.subList(Math.max(0, seen.size() - 200), seen.size())));
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /**
     * Sends SIGTERM (the demo stops its apps and broker in order) and waits up to {@code timeout}; whether it
     * ended. Its output stays readable with {@link #awaitLine}.
     */
    public boolean stop(Duration timeout) throws InterruptedException {
        process.toHandle().destroy(); // Process.destroy() would also close our end of its output
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        if (!stop(Duration.ofSeconds(60))) {
            process.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }
}
