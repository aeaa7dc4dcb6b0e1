package io.ltq.experiments.lottery;

import static io.ltq.experiments.lottery.InvalidSettingException.check;

import java.util.List;
import java.util.Objects;

/**
 * How each network of a run is trained and evaluated.
 *
 * @param optimizer the optimizer
 * @param learningRate the rate after warmup and before the first drop
 * @param lrDrops steps at which the learning rate is multiplied by 0.1
 * @param warmupSteps steps of linear learning-rate warmup from 0 (0: none)
 * @param momentum the momentum of {@code momentum} and {@code nesterov}
 * @param weightDecay L2 weight decay
 * @param iterations optimizer steps per level
 * @param evalEvery validation interval in steps
 * @param testEvery test-set interval in steps: the test set is evaluated every this many steps,
 *     at the end, and wherever the validation loss reaches a new minimum (so the early-stop
 *     accuracy is always measured); a multiple of {@code evalEvery}, which 0 stands for
 */
public record TrainingSettings(
        OptimizerKind optimizer,
        double learningRate,
        List<Long> lrDrops,
        long warmupSteps,
        double momentum,
        double weightDecay,
        long iterations,
        long evalEvery,
        long testEvery) {

    /**
     * Checks the settings. A {@code testEvery} of 0, as {@code run.json} files from before the
     * setting read, is every evaluation.
     */
    public TrainingSettings {
        Objects.requireNonNull(optimizer, "optimizer");
        lrDrops = List.copyOf(lrDrops == null ? List.of() : lrDrops);
        check(learningRate > 0, "{learningRate} must be positive, got " + learningRate + ".");
        check(warmupSteps >= 0, "{warmupSteps} must be 0 or more steps, got " + warmupSteps
                + ".");
        check(momentum >= 0 && momentum < 1, "{momentum} must be in [0, 1), got " + momentum
                + ".");
        check(weightDecay >= 0, "{weightDecay} must be 0 or more, got " + weightDecay + ".");
        check(iterations > 0, "{iterations} must be positive, got " + iterations + ".");
        check(evalEvery > 0, "{evalEvery} must be positive, got " + evalEvery + ".");
        if (testEvery == 0) {
            testEvery = evalEvery;
        }
        check(testEvery > 0 && testEvery % evalEvery == 0,
                "{testEvery} " + testEvery + " is not a multiple of {evalEvery} " + evalEvery
                        + ": the test set is evaluated at evaluation points, so give a multiple,"
                        + " e.g. {testEvery} " + evalEvery * Math.max(1, testEvery / evalEvery)
                        + ".");
    }

    /**
     * LeNet-300-100's training: Adam at 1.2e-3, no schedule, 50,000 iterations, validation every
     * 1,000 steps and the test set at each validation.
     */
    public static final TrainingSettings DEFAULTS = new TrainingSettings(OptimizerKind.ADAM,
            1.2e-3, List.of(), 0, 0, 0, 50_000, 1000, 0);

    /**
     * Returns a copy with another optimizer.
     *
     * @param value the new value
     * @return the new settings
     */
    public TrainingSettings withOptimizer(OptimizerKind value) {
        return new TrainingSettings(value, learningRate, lrDrops, warmupSteps, momentum,
                weightDecay, iterations, evalEvery, testEvery);
    }

    /**
     * Returns a copy with another learning rate.
     *
     * @param value the new value
     * @return the new settings
     */
    public TrainingSettings withLearningRate(double value) {
        return new TrainingSettings(optimizer, value, lrDrops, warmupSteps, momentum, weightDecay,
                iterations, evalEvery, testEvery);
    }

    /**
     * Returns a copy with another list of learning-rate drops.
     *
     * @param value the new value
     * @return the new settings
     */
    public TrainingSettings withLrDrops(List<Long> value) {
        return new TrainingSettings(optimizer, learningRate, value, warmupSteps, momentum,
                weightDecay, iterations, evalEvery, testEvery);
    }

    /**
     * Returns a copy with another warmup.
     *
     * @param value the new value
     * @return the new settings
     */
    public TrainingSettings withWarmupSteps(long value) {
        return new TrainingSettings(optimizer, learningRate, lrDrops, value, momentum, weightDecay,
                iterations, evalEvery, testEvery);
    }

    /**
     * Returns a copy with another momentum.
     *
     * @param value the new value
     * @return the new settings
     */
    public TrainingSettings withMomentum(double value) {
        return new TrainingSettings(optimizer, learningRate, lrDrops, warmupSteps, value,
                weightDecay, iterations, evalEvery, testEvery);
    }

    /**
     * Returns a copy with another weight decay.
     *
     * @param value the new value
     * @return the new settings
     */
    public TrainingSettings withWeightDecay(double value) {
        return new TrainingSettings(optimizer, learningRate, lrDrops, warmupSteps, momentum, value,
                iterations, evalEvery, testEvery);
    }

    /**
     * Returns a copy with another number of iterations.
     *
     * @param value the new value
     * @return the new settings
     */
    public TrainingSettings withIterations(long value) {
        return new TrainingSettings(optimizer, learningRate, lrDrops, warmupSteps, momentum,
                weightDecay, value, evalEvery, testEvery);
    }

    /**
     * Returns a copy with another evaluation interval.
     *
     * @param value the new value
     * @return the new settings
     */
    public TrainingSettings withEvalEvery(long value) {
        // A test interval that followed the evaluations (0 reads as evalEvery) keeps following.
        return new TrainingSettings(optimizer, learningRate, lrDrops, warmupSteps, momentum,
                weightDecay, iterations, value, testEvery == evalEvery ? value : testEvery);
    }

    /**
     * Returns a copy with another test interval.
     *
     * @param value the new value
     * @return the new settings
     */
    public TrainingSettings withTestEvery(long value) {
        return new TrainingSettings(optimizer, learningRate, lrDrops, warmupSteps, momentum,
                weightDecay, iterations, evalEvery, value);
    }
}
