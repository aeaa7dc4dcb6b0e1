package io.ltq.experiments.lottery;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.expectThrows;

import ai.djl.training.tracker.Tracker;
import io.ltq.djl.training.LearningRateSchedule;
import java.util.List;
import org.testng.annotations.Test;

public class LearningRateScheduleTest {

    @Test
    public void agreesWithDjlMultiFactorTracker() {
        Tracker djl = Tracker.multiFactor().setSteps(new int[] {30, 70}).optFactor(0.1f)
                .setBaseValue(0.5f).build();
        Tracker ours = drops(0.5f, 30, 70);
        for (int n = 1; n <= 100; n++) {
            assertEquals(ours.getNewValue(n), djl.getNewValue(n), 0f, "update " + n);
        }
    }

    @Test
    public void singleDropIsAllowed() {
        Tracker t = drops(1f, 20);
        assertEquals(t.getNewValue(20), 1f);
        assertEquals(t.getNewValue(21), 0.1f, 1e-7);
        expectThrows(IllegalArgumentException.class, () -> drops(1f, 5, 5));
    }

    @Test
    public void rewoundRunContinuesTheSchedule() {
        TrainingSettings training = TrainingSettings.DEFAULTS.withOptimizer(OptimizerKind.SGD)
                .withLearningRate(1.0).withLrDrops(List.of(20L, 60L)).withIterations(100);
        // From step 30, one drop has passed and the next comes 30 updates later.
        Tracker from30 = Optimizers.schedule(training, 30);
        assertEquals(from30.getNewValue(1), 0.1f, 1e-7);
        assertEquals(from30.getNewValue(30), 0.1f, 1e-7);
        assertEquals(from30.getNewValue(31), 0.01f, 1e-8);
        // Past every drop: the final rate throughout, as fine-tuning uses.
        Tracker end = Optimizers.schedule(training, 100);
        assertEquals(end.getNewValue(1), 0.01f, 1e-8);
        assertEquals(end.getNewValue(500), 0.01f, 1e-8);
    }

    @Test
    public void warmupRisesLinearlyFromZeroAndComposesWithDrops() {
        LearningRateSchedule s = LearningRateSchedule.builder().setBaseRate(0.1f).optWarmup(1000)
                .optDrops(List.of(3000L)).build();
        assertEquals(s.rateAt(0), 0f);
        assertEquals(s.rateAt(500), 0.05f, 1e-9);
        assertEquals(s.rateAt(999), 0.1f * 0.999f, 1e-8);
        assertEquals(s.rateAt(1000), 0.1f);
        assertEquals(s.rateAt(2999), 0.1f);
        assertEquals(s.rateAt(3000), 0.1f * 0.1f);
        // A drop inside the warmup multiplies the warmed-up rate.
        LearningRateSchedule early = LearningRateSchedule.builder().setBaseRate(1f)
                .optWarmup(100).optDrops(List.of(40L)).build();
        assertEquals(early.rateAt(50), 0.1f * 0.5f, 1e-8);
        // DJL's first update of training that starts at step k is step k.
        Tracker fromK = LearningRateSchedule.builder().setBaseRate(0.1f).optWarmup(1000)
                .optStartStep(500).build();
        assertEquals(fromK.getNewValue(1), 0.05f, 1e-9);
        assertEquals(fromK.getNewValue(501), 0.1f);
    }

    @Test
    public void runsRecordWarmupAndTheOptimizerFollowsIt() {
        TrainingSettings training = TrainingSettings.DEFAULTS.withOptimizer(OptimizerKind.SGD)
                .withLearningRate(1.0).withLrDrops(List.of(60L)).withWarmupSteps(40)
                .withIterations(100);
        Tracker t = Optimizers.schedule(training, 0);
        assertEquals(t.getNewValue(1), 0f);
        assertEquals(t.getNewValue(21), 0.5f, 1e-7);
        assertEquals(t.getNewValue(41), 1f);
        assertEquals(t.getNewValue(61), 0.1f, 1e-7);
        expectThrows(InvalidSettingException.class, () -> training.withWarmupSteps(-1));
    }

    private static LearningRateSchedule drops(float base, long... steps) {
        return LearningRateSchedule.builder().setBaseRate(base)
                .optDrops(java.util.Arrays.stream(steps).boxed().toList()).build();
    }
}
