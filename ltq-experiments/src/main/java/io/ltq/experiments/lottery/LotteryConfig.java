package io.ltq.experiments.lottery;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Every setting of an iterative-magnitude-pruning run: enough, with the recorded versions, to
 * repeat it. Written to {@code run.json}; a resumed run must have the same settings, except the
 * number of levels, which may grow.
 *
 * @param model the network's CLI name, e.g. {@code lenet300}
 * @param dataset the dataset's CLI name, e.g. {@code fashion-mnist}
 * @param engine the DJL engine, {@code PyTorch} or {@code MXNet}
 * @param device {@code cpu} or {@code gpu}
 * @param levels pruning levels after the dense level 0
 * @param iterations optimizer steps per level
 * @param evalEvery evaluation interval in steps
 * @param batchSize examples per step
 * @param optimizer {@code adam}, {@code sgd}, {@code momentum} or {@code nesterov}
 * @param learningRate the initial learning rate
 * @param lrDrops steps at which the learning rate is multiplied by 0.1
 * @param momentum the momentum of {@code momentum} and {@code nesterov}
 * @param weightDecay L2 weight decay
 * @param pruneDense fraction of the remaining fully connected weights pruned per level
 * @param pruneConv fraction of the remaining convolution weights pruned per level
 * @param pruneOutput fraction of the remaining output-layer weights pruned per level
 * @param globalPruning one threshold across layers instead of a rate per layer
 * @param rewindStep the step k the survivors are reset to (0: the original lottery ticket)
 * @param reinitControl also train each level's mask from a fresh random initialization
 * @param randomPruneControl also train a random mask of each level's per-layer sparsity
 * @param initSeed seed of the initial weights
 * @param dataSeed seed of the training data order
 * @param splitSeed seed of the validation split
 * @param validationSize examples held out of the training set for early stopping
 * @param trainLimit use at most this many training examples, 0 for all
 * @param augment random flips and crops on CIFAR
 * @param testEvery test-set interval in steps: the test set is evaluated every this many steps,
 *     at the end, and wherever the validation loss reaches a new minimum (so the early-stop
 *     accuracy is always measured); a multiple of {@code evalEvery}, which it defaults to
 * @param warmupSteps steps of linear learning-rate warmup from 0 (0: none)
 */
public record LotteryConfig(
        String model,
        String dataset,
        String engine,
        String device,
        int levels,
        long iterations,
        long evalEvery,
        int batchSize,
        String optimizer,
        double learningRate,
        List<Long> lrDrops,
        double momentum,
        double weightDecay,
        double pruneDense,
        double pruneConv,
        double pruneOutput,
        boolean globalPruning,
        long rewindStep,
        boolean reinitControl,
        boolean randomPruneControl,
        long initSeed,
        long dataSeed,
        long splitSeed,
        int validationSize,
        int trainLimit,
        boolean augment,
        long testEvery,
        long warmupSteps) {

    /**
     * Checks every setting and names the first one out of range. A {@code testEvery} of 0, as
     * {@code run.json} files from before the setting read, is every evaluation.
     */
    public LotteryConfig {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(dataset, "dataset");
        Objects.requireNonNull(engine, "engine");
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(optimizer, "optimizer");
        lrDrops = List.copyOf(lrDrops == null ? List.of() : lrDrops);
        require(levels >= 0, "--levels must be 0 or more, got " + levels + ".");
        require(iterations > 0, "--iterations must be positive, got " + iterations + ".");
        require(evalEvery > 0, "--eval-every must be positive, got " + evalEvery + ".");
        require(batchSize > 0, "--batch-size must be positive, got " + batchSize + ".");
        require(learningRate > 0, "--lr must be positive, got " + learningRate + ".");
        require(momentum >= 0 && momentum < 1, "--momentum must be in [0, 1), got " + momentum
                + ".");
        require(weightDecay >= 0, "--weight-decay must be 0 or more, got " + weightDecay + ".");
        requireFraction("--prune-dense", pruneDense);
        requireFraction("--prune-conv", pruneConv);
        requireFraction("--prune-output", pruneOutput);
        require(pruneDense > 0 || pruneConv > 0 || pruneOutput > 0,
                "Every pruning rate is 0, so nothing would be pruned: set --prune-dense,"
                        + " --prune-conv or --prune-output above 0.");
        require(rewindStep >= 0 && rewindStep < iterations,
                "--rewind " + rewindStep + " is beyond training: rewind to a step from 0 to "
                        + (iterations - 1) + " (training lasts " + iterations + " iterations).");
        require(validationSize >= 0, "--validation must be 0 or more, got " + validationSize
                + ".");
        require(trainLimit >= 0, "--train-limit must be 0 or more, got " + trainLimit + ".");
        if (testEvery == 0) {
            testEvery = evalEvery;
        }
        require(testEvery > 0 && testEvery % evalEvery == 0,
                "--test-every " + testEvery + " is not a multiple of --eval-every " + evalEvery
                        + ": the test set is evaluated at evaluation points, so give a multiple,"
                        + " e.g. --test-every " + evalEvery * Math.max(1, testEvery / evalEvery)
                        + ".");
        require(warmupSteps >= 0, "--warmup must be 0 or more steps, got " + warmupSteps + ".");
        require(List.of("cpu", "gpu").contains(device),
                "--device must be cpu or gpu, got " + device + ".");
        require(List.of("adam", "sgd", "momentum", "nesterov").contains(optimizer),
                "--optimizer must be adam, sgd, momentum or nesterov, got " + optimizer + ".");
    }

    /**
     * Settings without a separate test interval or warmup, as LTQ made them before those
     * existed: the test set at every evaluation, no warmup.
     */
    public LotteryConfig(String model, String dataset, String engine, String device, int levels,
            long iterations, long evalEvery, int batchSize, String optimizer, double learningRate,
            List<Long> lrDrops, double momentum, double weightDecay, double pruneDense,
            double pruneConv, double pruneOutput, boolean globalPruning, long rewindStep,
            boolean reinitControl, boolean randomPruneControl, long initSeed, long dataSeed,
            long splitSeed, int validationSize, int trainLimit, boolean augment) {
        this(model, dataset, engine, device, levels, iterations, evalEvery, batchSize, optimizer,
                learningRate, lrDrops, momentum, weightDecay, pruneDense, pruneConv, pruneOutput,
                globalPruning, rewindStep, reinitControl, randomPruneControl, initSeed, dataSeed,
                splitSeed, validationSize, trainLimit, augment, 0, 0);
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    private static void requireFraction(String flag, double value) {
        require(value >= 0 && value < 1,
                flag + " must be a fraction in [0, 1), got " + value
                        + ": give the share of the remaining weights to prune per level, e.g."
                        + " 0.2 (0 leaves those layers unpruned).");
    }

    /**
     * Returns the settings that differ from another run's, by flag name, for the resume check.
     * The number of levels is not compared: a finished run can be extended.
     *
     * @param other the settings recorded in {@code run.json}
     * @return one "name: recorded → now" line per difference, empty when compatible
     */
    public List<String> differencesFrom(LotteryConfig other) {
        List<String> out = new ArrayList<>();
        var mine = getClass().getRecordComponents();
        for (var c : mine) {
            if (c.getName().equals("levels")) {
                continue;
            }
            try {
                Object a = c.getAccessor().invoke(other);
                Object b = c.getAccessor().invoke(this);
                if (!Objects.equals(a, b)) {
                    out.add(c.getName() + ": " + a + " → " + b);
                }
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
        return out;
    }

    /**
     * Returns a copy with another number of levels.
     *
     * @param newLevels the number of pruning levels
     * @return the new settings
     */
    public LotteryConfig withLevels(int newLevels) {
        return new LotteryConfig(model, dataset, engine, device, newLevels, iterations, evalEvery,
                batchSize, optimizer, learningRate, lrDrops, momentum, weightDecay, pruneDense,
                pruneConv, pruneOutput, globalPruning, rewindStep, reinitControl,
                randomPruneControl, initSeed, dataSeed, splitSeed, validationSize, trainLimit,
                augment, testEvery, warmupSteps);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s on %s (%s, %s), %d levels × %d iterations",
                model, dataset, engine, device, levels, iterations);
    }
}
