package io.eventpipeline.localkafka;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * An app's {@code main} in its own JVM, for tests that kill it: started with this JVM's class path and the
 * given environment, its output to a log file, ready once its {@code /health/ready} answers 200.
 */
public final class AppProcess {

    private final Process process;

    private AppProcess(Process process) {
        this.process = process;
    }

    /**
     * Starts {@code mainClass} and waits until it is ready on {@code port} (at most {@code timeout}).
     *
     * @throws AssertionError if it exits or is not ready in time
     */
    public static AppProcess start(Class<?> mainClass, Map<String, String> env, int port, Path log, String heap,
                                   Duration timeout) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-Xmx" + heap, "-cp", System.getProperty("java.class.path"),
                mainClass.getName()).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(env);
        AppProcess app = new AppProcess(builder.start());
        app.awaitReady(port, timeout);
        return app;
    }

    private void awaitReady(int port, Duration timeout) throws IOException {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/ready")).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("the app exited with " + process.exitValue() + " before it was ready");
            }
            try {
                if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notListeningYet) {
                // Keep waiting.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for the app", e);
            }
            LockSupport.parkNanos(Duration.ofMillis(250).toNanos());
        }
        throw new AssertionError("the app was not ready within " + timeout.toSeconds() + " s");
    }

    /** SIGKILL: no shutdown hook, no flush, no commit. Returns once the process is gone. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM, then waits up to {@code timeout}; whether it stopped. */
    public boolean stop(Duration timeout) throws InterruptedException {
        process.destroy();
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** A free TCP port on loopback. */
    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
