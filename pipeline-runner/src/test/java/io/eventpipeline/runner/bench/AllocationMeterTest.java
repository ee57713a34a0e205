package io.eventpipeline.runner.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class AllocationMeterTest {

    private static volatile byte[] kept;

    @Test
    void shouldCountTheHeapOfTheAppsThreadsOnly() throws Exception {
        AllocationMeter meter = new AllocationMeter("pipeline-test-app");
        long before = meter.read();
        CountDownLatch allocated = new CountDownLatch(2);
        CountDownLatch done = new CountDownLatch(1);
        Thread app = parked("pipeline-test-app-StreamThread-1", 8 << 20, allocated, done);
        Thread other = parked("bench-live", 32 << 20, allocated, done);
        allocated.await();

        long bytes = meter.read() - before;
        assertTrue(bytes >= 8 << 20 && bytes < 16 << 20, "the app thread's 8 MiB and not the other's 32: " + bytes);
        done.countDown();
        app.join();
        other.join();
        assertEquals(before, meter.read(), "an ended thread is no longer counted");
    }

    @Test
    void shouldGiveKibibytesPerEvent() {
        assertEquals("2.0 KiB in the app's threads", AllocationMeter.perEvent(4096, 2));
        assertEquals("4.0 KiB in the app's threads", AllocationMeter.perEvent(4096, 0), "no events count as one");
    }

    private static Thread parked(String name, int bytes, CountDownLatch allocated, CountDownLatch done) {
        Thread thread = new Thread(() -> {
            kept = new byte[bytes];
            allocated.countDown();
            try {
                done.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, name);
        thread.start();
        return thread;
    }
}
