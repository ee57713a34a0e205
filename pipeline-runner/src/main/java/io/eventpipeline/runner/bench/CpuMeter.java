package io.eventpipeline.runner.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * CPU time used by this JVM and by the broker's, read before and after a run, so a run's cost is given per
 * event: less sensitive than a rate to what else the machine is doing, and the number to plan capacity by.
 * This JVM's time counts every thread in it (stream threads, producer I/O, garbage collection and the JIT
 * compiler, which is busy for the first minutes of a cold JVM). The broker's is read from
 * {@code /proc/<pid>/stat} (Linux; 100 clock ticks a second), when the benchmark started the broker itself.
 */
final class CpuMeter {

    private static final long NANOS_PER_TICK = 10_000_000L;

    private final OptionalLong brokerPid;

    CpuMeter(OptionalLong brokerPid) {
        this.brokerPid = brokerPid;
    }

    /** CPU time so far, in nanoseconds: this JVM's, and the broker's or -1 when it cannot be read. */
    record Reading(long processNanos, long brokerNanos) {

        /** {@code "41.2 µs in this JVM + 12.0 µs in the broker"} per one of {@code events} since {@code before}. */
        String perEventSince(Reading before, long events) {
            double e = Math.max(1, events);
            String here = String.format(Locale.ROOT, "%.1f µs in this JVM", (processNanos - before.processNanos) / 1e3 / e);
            if (brokerNanos < 0 || before.brokerNanos < 0) {
                return here + " (broker not measured)";
            }
            return here + String.format(Locale.ROOT, " + %.1f µs in the broker", (brokerNanos - before.brokerNanos) / 1e3 / e);
        }
    }

    Reading read() {
        long process = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
        return new Reading(process, brokerPid.isPresent() ? brokerNanos(brokerPid.getAsLong()) : -1);
    }

    private static long brokerNanos(long pid) {
        try {
            return ticks(Files.readString(Path.of("/proc", Long.toString(pid), "stat"))) * NANOS_PER_TICK;
        } catch (IOException | RuntimeException unreadable) {
            return -1;
        }
    }

    /** utime + stime of a {@code /proc/<pid>/stat} line: fields 14 and 15, counted after the command's closing parenthesis. */
    static long ticks(String stat) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
        // fields[0] is field 3 (state), so utime (14) and stime (15) are at 11 and 12.
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }
}
