package io.ltq.experiments.lottery;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;

import io.ltq.experiments.datasets.DataSplits;
import io.ltq.experiments.datasets.Datasets;
import io.ltq.mask.MaskSet;
import io.ltq.mask.NpzMasks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.testng.SkipException;
import org.testng.annotations.DataProvider;
import org.testng.annotations.Test;

/**
 * Two levels of IMP on LeNet-300-100 with real Fashion-MNIST, on both engines, with a short
 * budget: the masks have exactly the requested sparsity and the tickets learn.
 */
public class FashionMnistEndToEndTest {

    private static final Path DATA = Path.of("/usr/share/datasets/fashion-mnist");

    @DataProvider(name = "engines")
    static Object[][] engines() {
        return new Object[][] {{"PyTorch"}, {"MXNet"}};
    }

    static void requireData() {
        if (!Files.isDirectory(DATA)) {
            String why = "Fashion-MNIST is not installed at " + DATA
                    + " (apt-get install dataset-fashion-mnist)";
            if (System.getenv("CI") != null) {
                throw new AssertionError(why + "; CI must install it (.ci/run does).");
            }
            throw new SkipException(why);
        }
    }

    @Test(dataProvider = "engines")
    public void twoLevelsOfImpOnLeNet(String engine) throws Exception {
        requireData();
        Path out = Files.createTempDirectory("ltq-e2e-" + engine);
        LotteryConfig config = LotteryConfig.DEFAULTS
                .withNetwork(NetworkSettings.DEFAULTS.withEngine(engine))
                .withTraining(TrainingSettings.DEFAULTS.withIterations(400).withEvalEvery(200)
                        .withTestEvery(200))
                .withPruning(PruningSettings.DEFAULTS.withLevels(2).withControls(List.of()));
        DataSplits splits =
                DataSplits.builder()
                        .setData(Datasets.FASHION_MNIST.load(DATA))
                        .setBatchSize(60)
                        .optEvalBatchSize(1000)
                        .optValidationSize(5000)
                        .build();
        List<LevelSummary> summaries =
                TinyRuns.experiment(config, new SplitsData(splits), new RunDirectory(out),
                        RunListener.NONE).run();

        assertEquals(summaries.size(), 3);
        // FC layers keep 80% and then 64%, the output layer 90% and 81%, exactly.
        MaskSet level2 = NpzMasks.read(out.resolve("level_02/mask.npz"));
        List<Long> kept = level2.asMap().values().stream().map(m -> m.countKept()).toList();
        // fc1 235200 × 0.8², fc2 30000 × 0.8², output 1000 × 0.9²
        assertEquals(kept, List.of(150_528L, 19_200L, 810L));
        assertTrue(level2.isSubsetOf(NpzMasks.read(out.resolve("level_01/mask.npz"))));
        for (LevelSummary s : summaries) {
            // Chance is 10%; 400 Adam steps of LeNet reach about 80%.
            assertTrue(s.finalTestAccuracy() > 0.7,
                    engine + " level " + s.level() + ": " + s.finalTestAccuracy());
            assertTrue(Files.exists(out.resolve(String.format("level_%02d/metrics.csv",
                    s.level()))));
            // Times nest: steps and evaluation within the loop, the loop within the level.
            assertTrue(s.trainMillis() > 0 && s.evalMillis() > 0, s.toString());
            assertTrue(s.trainMillis() + s.evalMillis() <= s.totalMillis(), s.toString());
            assertTrue(s.totalMillis() <= s.levelMillis(), s.toString());
            double outside = s.shareOutsideTraining();
            assertTrue(outside > 0 && outside < 1, s.toString());
        }
        assertEquals(summaries.get(2).weightsRemaining(), 100.0 * 170_538 / 266_200, 1e-9);
        System.out.printf("%s Fashion-MNIST LeNet-300-100, 400 steps/level: %s%n", engine,
                summaries.stream()
                        .map(s -> String.format("L%d %.2f%% remaining: test %.4f (early-stop"
                                + " step %d: %.4f)", s.level(), s.weightsRemaining(),
                                s.finalTestAccuracy(), s.earlyStopStep(),
                                s.earlyStopTestAccuracy()))
                        .toList());
    }
}
