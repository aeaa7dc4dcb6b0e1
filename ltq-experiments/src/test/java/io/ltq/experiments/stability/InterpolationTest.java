package io.ltq.experiments.stability;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertFalse;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.expectThrows;

import io.ltq.experiments.UserMistakeException;
import java.util.List;
import org.testng.annotations.Test;

public class InterpolationTest {

    @Test
    public void alphasAreEvenlySpacedWithBothEnds() {
        assertEquals(Interpolation.alphas(3), new double[] {0, 0.5, 1});
        double[] thirty = Interpolation.alphas(30);
        assertEquals(thirty.length, 30);
        assertEquals(thirty[0], 0.0);
        assertEquals(thirty[29], 1.0);
        assertEquals(thirty[1], 1.0 / 29, 1e-15);
        expectThrows(UserMistakeException.class, () -> Interpolation.alphas(1));
    }

    @Test
    public void barrierIsPeakMinusMeanOfEnds() {
        // A bump in the middle: 30% peak over ends of 10% and 20% → 30 − 15 = 15 points.
        assertEquals(Interpolation.barrier(new double[] {0.10, 0.25, 0.30, 0.22, 0.20}), 0.15,
                1e-12);
        // A straight path between unequal ends: the worse end is above their mean, so the
        // barrier is half the gap between the ends.
        assertEquals(Interpolation.barrier(new double[] {0.10, 0.12, 0.14}), 0.02, 1e-12);
        // A flat path has no barrier.
        assertEquals(Interpolation.barrier(new double[] {0.2, 0.2, 0.2}), 0.0);
        expectThrows(IllegalArgumentException.class,
                () -> Interpolation.barrier(new double[] {0.1}));
    }

    @Test
    public void stabilityUsesTheTestBarrierAndThreshold() {
        List<StabilityResult.Point> bump = List.of(
                new StabilityResult.Point(0, 0.10, 0.05),
                new StabilityResult.Point(0.5, 0.40, 0.30),
                new StabilityResult.Point(1, 0.10, 0.05));
        StabilityResult r = StabilityResult.of(0, 100, bump, 0.02);
        assertEquals(r.testBarrier(), 0.30, 1e-12);
        assertEquals(r.trainBarrier(), 0.25, 1e-12);
        assertFalse(r.stable());
        List<StabilityResult.Point> flat = List.of(
                new StabilityResult.Point(0, 0.10, 0.05),
                new StabilityResult.Point(0.5, 0.11, 0.05),
                new StabilityResult.Point(1, 0.10, 0.05));
        assertTrue(StabilityResult.of(0, 100, flat, 0.02).stable());
    }
}
