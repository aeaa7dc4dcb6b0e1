package io.ltq.bench.quick;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.testng.annotations.Test;

/** The call order of {@link PairedTimer#measureRoundRobin}; no timing is asserted. */
public class PairedTimerTest {

    @Test
    public void roundRobinStartsEachRoundOneVariantLater() {
        List<Integer> calls = new ArrayList<>();
        List<Runnable> variants = List.of(() -> calls.add(0), () -> calls.add(1),
                () -> calls.add(2));
        List<PairedTimer.Times> times = PairedTimer.builder().optWarmupCalls(1).optRounds(3)
                .optCallsPerRound(2).build().measureRoundRobin(variants);
        assertEquals(calls, List.of(
                0, 1, 2,                    // warm-up: one call of each
                0, 0, 1, 1, 2, 2,           // round 0 from the first
                1, 1, 2, 2, 0, 0,           // round 1 from the second
                2, 2, 0, 0, 1, 1));         // round 2 from the third
        assertEquals(times.size(), 3);
        for (PairedTimer.Times t : times) {
            assertTrue(t.wallNanos() >= 0, t.toString());
        }
    }

    @Test
    public void withTwoVariantsTheOrderIsThatOfMeasure() {
        List<String> roundRobin = new ArrayList<>();
        PairedTimer timer = PairedTimer.builder().optWarmupCalls(0).optRounds(4)
                .optCallsPerRound(1).build();
        timer.measureRoundRobin(List.of(() -> roundRobin.add("a"), () -> roundRobin.add("b")));
        List<String> paired = new ArrayList<>();
        timer.measure(() -> paired.add("a"), () -> paired.add("b"));
        assertEquals(roundRobin, paired);
    }
}
