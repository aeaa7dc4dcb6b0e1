package io.ltq.experiments.lottery;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertNotEquals;
import static org.testng.Assert.assertTrue;

import io.ltq.files.Float32Npz;
import io.ltq.mask.Mask;
import io.ltq.mask.MaskSet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.testng.annotations.Test;

/**
 * The one-shot schedule prunes every level from the dense network's trained weights, to the
 * per-layer counts iterative pruning reaches at that level.
 */
public class OneShotScheduleTest {

    private static final int LEVELS = 3;

    private static LotteryConfig config(PruningSchedule schedule) {
        LotteryConfig c = ResumeTest.config("PyTorch", LEVELS, 30, 0);
        return c.withPruning(c.pruning().withControls(List.of()).withSchedule(schedule));
    }

    @Test
    public void everyLevelKeepsTheLargestDenseTrainedWeightsAtIterativeCounts() throws Exception {
        Path oneShot = Files.createTempDirectory("ltq-oneshot");
        Path iterative = Files.createTempDirectory("ltq-iterative");
        ExperimentData data = ResumeTest.data();
        TinyRuns.experiment(config(PruningSchedule.ONE_SHOT), data, new RunDirectory(oneShot),
                RunListener.NONE).run();
        TinyRuns.experiment(config(PruningSchedule.ITERATIVE), data,
                new RunDirectory(iterative), RunListener.NONE).run();
        RunDirectory o = new RunDirectory(oneShot);
        RunDirectory i = new RunDirectory(iterative);
        // The dense level is the same training either way, so level 1's mask is too.
        assertEquals(o.loadMasks(1, Variant.TICKET), i.loadMasks(1, Variant.TICKET));
        Map<String, Float32Npz.Tensor> dense = Float32Npz.read(
                oneShot.resolve(RunFiles.level(0)).resolve("trained.npz"));
        for (int level = 1; level <= LEVELS + 1; level++) {
            MaskSet shot = o.loadMasks(level, Variant.TICKET);
            MaskSet imp = i.loadMasks(level, Variant.TICKET);
            assertTrue(shot.isSubsetOf(o.loadMasks(level - 1, Variant.TICKET)), "level " + level);
            for (String name : shot.names()) {
                Mask m = shot.get(name);
                assertEquals(m.countKept(), imp.get(name).countKept(), name + " level " + level);
                float[] w = dense.get(name).values();
                float smallestKept = Float.MAX_VALUE;
                float largestPruned = 0;
                for (int k = 0; k < w.length; k++) {
                    if (m.isKept(k)) {
                        smallestKept = Math.min(smallestKept, Math.abs(w[k]));
                    } else {
                        largestPruned = Math.max(largestPruned, Math.abs(w[k]));
                    }
                }
                assertTrue(smallestKept >= largestPruned, name + " level " + level + ": kept "
                        + smallestKept + " < pruned " + largestPruned);
            }
            if (level >= 2) {
                // Iterative pruning ranks by weights trained under the previous mask instead.
                assertNotEquals(shot, imp, "level " + level);
            }
        }
        // Masks lost after a kill are made again from level 0's trained weights, identically.
        Map<Path, String> before = TinyRuns.digests(oneShot);
        Files.delete(oneShot.resolve(RunFiles.level(2)).resolve("mask.npz"));
        Files.delete(oneShot.resolve(RunFiles.level(LEVELS + 1)).resolve("mask.npz"));
        TinyRuns.experiment(config(PruningSchedule.ONE_SHOT), data, new RunDirectory(oneShot),
                RunListener.NONE).run();
        assertEquals(TinyRuns.digests(oneShot), before);
        TinyRuns.deleteTree(oneShot);
        TinyRuns.deleteTree(iterative);
    }
}
