package io.eventpipeline.runner.bench;

import java.lang.management.ManagementFactory;
import java.util.Locale;

/**
 * Heap allocated by the app's own threads (its stream threads and their producers' and consumers' I/O threads:
 * every thread whose name holds the app's client id), read before and after a run, so a run's allocation is
 * given per event. The benchmark's generator, readers and broker client share the JVM and are left out; a
 * thread that ended during the run is left out too (the app's threads live as long as it does).
 */
final class AllocationMeter {

    private final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private final String clientId;

    AllocationMeter(String clientId) {
        this.clientId = clientId;
    }

    /** Bytes the app's threads alive now have allocated since each started. */
    long read() {
        long bytes = 0;
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.getName().contains(clientId)) {
                long allocated = threads.getThreadAllocatedBytes(thread.getId());
                bytes += Math.max(0, allocated); // -1 once the thread has ended
            }
        }
        return bytes;
    }

    /** {@code "12.3 KiB in the app's threads"}: {@code bytes} allocated per one of {@code events} (at least one). */
    static String perEvent(long bytes, long events) {
        return String.format(Locale.ROOT, "%.1f KiB in the app's threads", bytes / 1024.0 / Math.max(1, events));
    }
}
