package io.ltq.prune;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertThrows;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.expectThrows;

import org.testng.annotations.Test;

public class PruningScheduleTest {

    @Test
    public void roundsToReach() {
        // 0.8^20 = 1.15% is not yet 1%; 0.8^21 = 0.92% is.
        assertEquals(PruningSchedule.roundsToReach(0.01, 0.2), 21);
        // Exact powers must not be pushed one round further by rounding error.
        assertEquals(PruningSchedule.roundsToReach(0.25, 0.5), 2);
        assertEquals(PruningSchedule.roundsToReach(0.512, 0.2), 3);
        assertEquals(PruningSchedule.roundsToReach(0.5, 0.2), 4);
        assertEquals(PruningSchedule.roundsToReach(1.0, 0.2), 0);
        assertEquals(PruningSchedule.roundsToReach(1.0, 0.0), 0);
        assertEquals(PruningSchedule.roundsToReach(0.99, 0.2), 1);
        for (double target = 0.001; target < 1; target *= 1.7) {
            for (double p = 0.05; p < 1; p += 0.1) {
                int n = PruningSchedule.roundsToReach(target, p);
                assertTrue(Math.pow(1 - p, n) <= target * (1 + 1e-9));
                assertTrue(n == 0 || Math.pow(1 - p, n - 1) > target);
            }
        }
    }

    @Test
    public void fractionPerRoundAndDensities() {
        double p = PruningSchedule.fractionPerRound(0.01, 20);
        assertEquals(p, 1 - Math.pow(0.01, 0.05), 1e-15);
        assertEquals(p, 0.2057, 1e-4);
        assertEquals(PruningSchedule.densityAfter(20, p), 0.01, 1e-12);
        assertEquals(PruningSchedule.roundsToReach(0.01, p), 20);
        assertEquals(PruningSchedule.fractionPerRound(1.0, 3), 0.0);
        assertEquals(PruningSchedule.densityAfter(0, 0.2), 1.0);
        assertEquals(PruningSchedule.densityAfter(2, 0.2), 0.64, 1e-12);
        double[] d = PruningSchedule.densities(3, 0.2);
        assertEquals(d.length, 4);
        assertEquals(d[0], 1.0);
        assertEquals(d[1], 0.8, 1e-12);
        assertEquals(d[2], 0.64, 1e-12);
        assertEquals(d[3], 0.512, 1e-12);
        assertEquals(d[3], PruningSchedule.densityAfter(3, 0.2));
    }

    @Test
    public void refusesBadInput() {
        Class<IllegalArgumentException> iae = IllegalArgumentException.class;
        IllegalArgumentException e = expectThrows(iae, () -> PruningSchedule.roundsToReach(0, 0.2));
        assertTrue(e.getMessage().startsWith("Target density 0.0 is outside (0, 1]"));
        assertThrows(iae, () -> PruningSchedule.roundsToReach(1.5, 0.2));
        assertThrows(iae, () -> PruningSchedule.roundsToReach(Double.NaN, 0.2));
        assertThrows(iae, () -> PruningSchedule.roundsToReach(0.1, 1.0));
        assertThrows(iae, () -> PruningSchedule.roundsToReach(0.1, 0.0));
        assertThrows(iae, () -> PruningSchedule.fractionPerRound(0.1, 0));
        assertThrows(iae, () -> PruningSchedule.fractionPerRound(-0.1, 3));
        assertThrows(iae, () -> PruningSchedule.densityAfter(-1, 0.2));
        assertThrows(iae, () -> PruningSchedule.densityAfter(3, -0.2));
        assertThrows(iae, () -> PruningSchedule.densities(3, 1.2));
        e = expectThrows(iae, () -> PruningSchedule.fractionPerRound(0.5, 0));
        assertTrue(e.getMessage().contains("below 1"), e.getMessage());
    }
}
