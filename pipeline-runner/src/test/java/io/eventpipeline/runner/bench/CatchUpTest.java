package io.eventpipeline.runner.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class CatchUpTest {

    @Test
    void shouldRateWhatWasLeftAfterTheFirstTenthOverTheTimeItTook() {
        // 90,000 events left when the first tenth was seen, caught up 3 s later.
        AppBenchmark.CatchUp catchUp = new AppBenchmark.CatchUp(2_000_000_000L, 5_000_000_000L, 90_000);

        assertEquals(30_000.0, catchUp.steadyRate(), 1e-9);
    }

    @Test
    void shouldRateZeroWhenTheBacklogWasGoneAtTheFirstLook() {
        assertEquals(0.0, new AppBenchmark.CatchUp(7L, 7L, 0).steadyRate());
    }
}
