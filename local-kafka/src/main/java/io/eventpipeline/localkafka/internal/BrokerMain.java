package io.eventpipeline.localkafka.internal;

import java.io.IOException;

/**
 * The child JVM's entry point: runs {@code kafka.Kafka} and exits as soon as its standard input closes,
 * which happens when the parent JVM dies, however it dies. This keeps a killed test run or demo from
 * leaving an orphan broker behind.
 */
public final class BrokerMain {

    private BrokerMain() {
    }

    public static void main(String[] args) {
        Thread watchdog = new Thread(BrokerMain::exitWhenParentGone, "parent-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        kafka.Kafka.main(args);
    }

    private static void exitWhenParentGone() {
        try {
            while (System.in.read() >= 0) {
                // The parent never writes; reading only detects the pipe closing.
            }
        } catch (IOException ignored) {
            // A broken pipe means the same as end of input.
        }
        System.exit(0);
    }
}
