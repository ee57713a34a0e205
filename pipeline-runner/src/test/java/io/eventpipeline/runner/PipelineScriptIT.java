package io.eventpipeline.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eventpipeline.runner.it.DemoProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;

/** The README's first command, run as a user runs it: the {@code ./pipeline} script in a child process. */
class PipelineScriptIT {

    private static final Path ROOT = DemoProcess.ROOT;

    @Test
    void shouldStopDemoStartUpOnABadSettingNamingTheKey() throws Exception {
        Result result = run(Map.of("PIPELINE_STREAM_THREADS", "zero"), "demo");
        assertEquals(2, result.exitCode(), result.output());
        assertTrue(result.output().contains("PIPELINE_STREAM_THREADS (stream.threads): got 'zero'"), result.output());
    }

    @Test
    void shouldRejectAnUnknownApp() throws Exception {
        Result result = run(Map.of(), "generate", "no-such-app");
        assertEquals(2, result.exitCode(), result.output());
        assertTrue(result.output().contains("unknown app 'no-such-app'"), result.output());
    }

    @Test
    void shouldRejectAnUnknownSubcommand() throws Exception {
        Result result = run(Map.of(), "frobnicate");
        assertEquals(2, result.exitCode(), result.output());
    }

    @Test
    void shouldRunTheDemoPrintWhereToLookAndStopCleanlyOnSigterm() throws Exception {
        try (DemoProcess demo = DemoProcess.start(Map.of("PIPELINE_DEMO_STATUS_INTERVAL", "1s"))) {
            String bootstrapLine = demo.awaitLine("Kafka bootstrap:", Duration.ofSeconds(180));
            String bootstrap = bootstrapLine.substring(bootstrapLine.indexOf(':') + 1).trim();
            // Every app of the catalogue is listed with its URL before the first status line.
            for (String app : List.of("clickstream:", "iot:", "market:")) {
                assertTrue(demo.awaitLine(app, Duration.ofSeconds(30)).contains("http://"), app);
            }
            demo.awaitLine("status", Duration.ofSeconds(30));
            Properties props = new Properties();
            props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            try (Admin admin = Admin.create(props)) {
                assertFalse(admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).isEmpty(), "the printed broker serves");
            }
            assertTrue(demo.stop(Duration.ofSeconds(60)), "demo stops within 60 s of SIGTERM");
            demo.awaitLine("stopping", Duration.ofSeconds(5));
        }
    }

    private record Result(int exitCode, String output) {
    }

    private static Result run(Map<String, String> env, String... args) throws Exception {
        Process process = start(env, args);
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "command ends within 60 s");
        return new Result(process.exitValue(), output);
    }

    private static Process start(Map<String, String> env, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(ROOT.resolve("pipeline").toString());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true);
        builder.environment().put("PIPELINE_SKIP_BUILD", "1");
        builder.environment().putAll(env);
        return builder.start();
    }
}
