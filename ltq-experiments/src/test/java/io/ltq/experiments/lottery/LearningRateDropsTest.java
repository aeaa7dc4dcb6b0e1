package io.ltq.experiments.lottery;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.expectThrows;

import ai.djl.training.tracker.Tracker;
import java.util.List;
import org.testng.annotations.Test;

public class LearningRateDropsTest {

    @Test
    public void agreesWithDjlMultiFactorTracker() {
        Tracker djl = Tracker.multiFactor().setSteps(new int[] {30, 70}).optFactor(0.1f)
                .setBaseValue(0.5f).build();
        Tracker ours = new LearningRateDrops(0.5f, 0.1f, 30, 70);
        for (int n = 1; n <= 100; n++) {
            assertEquals(ours.getNewValue(n), djl.getNewValue(n), 0f, "update " + n);
        }
    }

    @Test
    public void singleDropIsAllowed() {
        Tracker t = new LearningRateDrops(1f, 0.1f, 20);
        assertEquals(t.getNewValue(20), 1f);
        assertEquals(t.getNewValue(21), 0.1f, 1e-7);
        expectThrows(IllegalArgumentException.class, () -> new LearningRateDrops(1f, 0.1f, 5, 5));
    }

    @Test
    public void rewoundRunContinuesTheSchedule() {
        LotteryConfig config = new LotteryConfig("lenet300", "synthetic", "PyTorch", "cpu", 1,
                100, 10, 32, "sgd", 1.0, List.of(20L, 60L), 0, 0, 0.2, 0.2, 0.1, false, 0,
                false, false, 1, 2, 3, 200, 0, false);
        // From step 30, one drop has passed and the next comes 30 updates later.
        Tracker from30 = Optimizers.schedule(config, 30);
        assertEquals(from30.getNewValue(1), 0.1f, 1e-7);
        assertEquals(from30.getNewValue(30), 0.1f, 1e-7);
        assertEquals(from30.getNewValue(31), 0.01f, 1e-8);
        // Past every drop: the final rate throughout, as fine-tuning uses.
        Tracker end = Optimizers.schedule(config, 100);
        assertEquals(end.getNewValue(1), 0.01f, 1e-8);
        assertEquals(end.getNewValue(500), 0.01f, 1e-8);
    }
}
