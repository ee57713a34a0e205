package io.eventpipeline.runner.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class CatchUpTest {

    @Test
    void shouldRateWhatWasLeftAfterTheFirstTenthOverTheTimeItTook() {
        // 90,000 events left when the first tenth was seen, the input done 2.5 s later, every topic 3 s later.
        AppBenchmark.CatchUp catchUp = new AppBenchmark.CatchUp(2_000_000_000L, 4_500_000_000L, 5_000_000_000L, 90_000, 4_000, true);

        assertEquals(30_000.0, catchUp.steadyRate(), 1e-9);
    }

    @Test
    void shouldRateZeroWhenTheBacklogWasGoneAtTheFirstLook() {
        assertEquals(0.0, new AppBenchmark.CatchUp(7L, 7L, 7L, 0, 0, true).steadyRate());
    }
}
