package io.ltq.experiments.lottery;

import ai.djl.ndarray.types.Shape;
import io.ltq.experiments.catalog.Catalog;
import io.ltq.experiments.datasets.DataSplits;
import io.ltq.experiments.datasets.SyntheticData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.stream.Stream;

/** Fixtures for tests that make small real runs: settings, synthetic data and file fingerprints. */
public final class TinyRuns {

    private TinyRuns() {}

    /**
     * The settings tiny runs start from: LeNet-300-100 on PyTorch, synthetic data in batches of
     * 32 with 200 examples held out, seeds 1, 2 and 3; the rest {@link LotteryConfig#DEFAULTS}.
     * Tests give their training ({@link #training}) and pruning.
     */
    public static final LotteryConfig CONFIG = LotteryConfig.DEFAULTS
            .withData(DataSettings.DEFAULTS.withDataset("synthetic").withBatchSize(32)
                    .withValidationSize(200))
            .withSeeds(SeedSettings.DEFAULTS.withInitSeed(1).withDataSeed(2).withSplitSeed(3));

    /**
     * Adam at 1e-3 for a few steps, validating and testing every {@code evalEvery} steps.
     *
     * @param iterations steps per level
     * @param evalEvery the validation (and test) interval
     * @return the training settings
     */
    public static TrainingSettings training(long iterations, long evalEvery) {
        // Through an interval of 1: withEvalEvery keeps the test interval of DEFAULTS (1000),
        // which is no multiple of every interval (15, say).
        return TrainingSettings.DEFAULTS.withLearningRate(1e-3).withIterations(iterations)
                .withEvalEvery(1).withTestEvery(evalEvery).withEvalEvery(evalEvery);
    }

    /**
     * Returns the experiment of a run, its network, pruner and controls found by name.
     *
     * @param config the settings
     * @param data the splits
     * @param dir the run folder
     * @param listener hears progress
     * @return the experiment
     */
    public static LotteryExperiment experiment(LotteryConfig config, ExperimentData data,
            RunDirectory dir, RunListener listener) {
        return new LotteryExperiment(config, Catalog.discover().components(config), data, dir,
                listener);
    }

    /**
     * Synthetic 28x28 data, 1000 training and 200 test examples, batches of 32.
     *
     * @param orderSeed the training data order
     * @return the splits
     */
    public static ExperimentData data(long orderSeed) {
        return new SplitsData(
                DataSplits.builder()
                        .setData(SyntheticData.builder()
                                .optTrainSize(1000)
                                .optTestSize(200)
                                .optExampleShape(new Shape(1, 28, 28))
                                .optSeed(5)
                                .build())
                        .setBatchSize(32)
                        .optShuffleSeed(orderSeed)
                        .optValidationSize(200)
                        .build());
    }

    /**
     * Returns the SHA-256 of every file under a folder, to check that nothing changed.
     *
     * @param root the folder
     * @return digest by relative path
     * @throws Exception when a file cannot be read
     */
    public static Map<Path, String> digests(Path root) throws Exception {
        Map<Path, String> out = new HashMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                MessageDigest md = MessageDigest.getInstance("SHA-256");
                out.put(root.relativize(f),
                        HexFormat.of().formatHex(md.digest(Files.readAllBytes(f))));
            }
        }
        return out;
    }

    /**
     * Deletes a folder and everything in it, as a test does with what it made.
     *
     * @param root the folder
     * @throws java.io.IOException when something cannot be deleted
     */
    public static void deleteTree(Path root) throws java.io.IOException {
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** What a test throws to stop a run where a kill would. */
    public static final class Killed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Killed(String where) {
            super("killed at " + where);
        }
    }

    /**
     * A listener that stops the run as the {@code n}-th training (counted from 1) starts, as a
     * kill during the previous one's last file would leave it.
     *
     * @param n which training start to die at
     * @return the listener
     */
    public static RunListener dieAtTrainingStart(int n) {
        int[] seen = {0};
        return new RunListener() {
            @Override
            public void onTrainingStart(
                    int level, String variant, double remaining, long start, long end) {
                if (++seen[0] == n) {
                    throw new Killed(level + "/" + variant);
                }
            }
        };
    }
}
