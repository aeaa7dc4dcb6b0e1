package io.ltq.experiments.retrain;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertNotEquals;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.expectThrows;

import io.ltq.experiments.lottery.KilledRunTest;
import io.ltq.experiments.lottery.LevelSummary;
import io.ltq.experiments.lottery.LotteryConfig;
import io.ltq.experiments.lottery.NetworkSettings;
import io.ltq.experiments.lottery.OptimizerKind;
import io.ltq.experiments.lottery.PruningSettings;
import io.ltq.experiments.lottery.RunDirectory;
import io.ltq.experiments.lottery.RunListener;
import io.ltq.experiments.lottery.TinyRuns;
import io.ltq.experiments.lottery.Variant;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.testng.annotations.DataProvider;
import org.testng.annotations.Test;

public class RetrainingStudyTest {

    @DataProvider(name = "engines")
    static Object[][] engines() {
        return new Object[][] {{"PyTorch"}, {"MXNet"}};
    }

    // Momentum SGD with a learning-rate drop at step 20, so that the three methods differ.
    static LotteryConfig config(String engine) {
        return TinyRuns.CONFIG
                .withNetwork(NetworkSettings.DEFAULTS.withEngine(engine))
                .withTraining(TinyRuns.training(40, 10).withOptimizer(OptimizerKind.MOMENTUM)
                        .withLearningRate(0.05).withLrDrops(List.of(20L)).withMomentum(0.9))
                .withPruning(PruningSettings.DEFAULTS.withLevels(1).withControls(List.of()));
    }

    @Test(dataProvider = "engines")
    public void comparesMethodsAtEqualBudgetWithoutTouchingTheRun(String engine)
            throws Exception {
        Path out = Files.createTempDirectory("ltq-retrain");
        RunDirectory dir = new RunDirectory(out);
        TinyRuns.experiment(config(engine), TinyRuns.data(2), dir,
                RunListener.NONE).run();
        Map<Path, String> before = TinyRuns.digests(out);

        RetrainingStudy study =
                RetrainingStudy.builder()
                        .setRun(dir)
                        .setData(TinyRuns::data)
                        .optSteps(List.of(0L, 30L))
                        .build();
        // Level 2's mask exists (made after the last level) and level 1 was trained.
        assertEquals(study.levels(), List.of(1, 2));
        List<RetrainResult> results = study.run();

        assertEquals(results.size(), 2 * 2 * 3);
        for (RetrainResult r : results) {
            assertEquals(r.budget(), 40 - r.k(), r.toString());
            assertTrue(r.earlyStopStep() > r.k() && r.earlyStopStep() <= 40, r.toString());
        }
        // Weight rewinding to 0 on level 1's mask is the run's own level 1: same numbers.
        LevelSummary level1 = dir.readSummary(1, Variant.TICKET);
        RetrainResult rewound = find(results, 1, "weight-rewind", 0);
        assertEquals(rewound.finalTestAccuracy(), level1.finalTestAccuracy(), 1e-12);
        assertEquals(rewound.earlyStopStep(), level1.earlyStopStep());

        // Learning-rate rewinding from 0 and fine-tuning start from the same trained weights but
        // at different rates (0.05 vs 0.005): their training losses differ.
        assertNotEquals(metrics(out, 1, "lr-rewind", 0), metrics(out, 1, "fine-tune", 0));
        // After the drop both run at the final rate, yet from different weights than rewinding.
        assertNotEquals(metrics(out, 1, "lr-rewind", 30), metrics(out, 1, "weight-rewind", 30));

        List<String> table = Files.readAllLines(out.resolve("retrain/results.csv"));
        assertEquals(table.size(), 1 + results.size());

        Map<Path, String> after = new HashMap<>(TinyRuns.digests(out));
        after.keySet().removeIf(p -> p.startsWith("retrain"));
        assertEquals(after, before, "the run's own files must not change");

        // A second call finds every combination finished and trains nothing.
        long stamp = Files.getLastModifiedTime(
                out.resolve("retrain/level_01/fine-tune_k000000/summary.json")).toMillis();
        List<RetrainResult> again = RetrainingStudy.builder().setRun(dir)
                .setData(TinyRuns::data).optSteps(List.of(0L, 30L)).build().run();
        assertEquals(again, results);
        assertEquals(Files.getLastModifiedTime(
                out.resolve("retrain/level_01/fine-tune_k000000/summary.json")).toMillis(), stamp);
    }

    private static RetrainResult find(List<RetrainResult> results, int level, String method,
            long k) {
        return results.stream()
                .filter(r -> r.level() == level && r.method().equals(method) && r.k() == k)
                .findFirst().orElseThrow();
    }

    private static List<String> metrics(Path out, int level, String method, long k)
            throws Exception {
        return Files.readAllLines(out.resolve(String.format(
                "retrain/level_%02d/%s_k%06d/metrics.csv", level, method, k)));
    }

    /** A killed study, rerun, keeps its finished combinations and ends with the same results. */
    @Test(dataProvider = "engines")
    public void killedStudyResumesToTheUninterruptedResults(String engine) throws Exception {
        Path run = Files.createTempDirectory("ltq-retrain");
        TinyRuns.experiment(config(engine), TinyRuns.data(2), new RunDirectory(run),
                RunListener.NONE).run();
        Path killed = run.resolveSibling(run.getFileName() + "-killed");
        KilledRunTest.copyTree(run, killed);

        study(run, RunListener.NONE).run();
        // Level 1 from k=0: three methods; from k=30 the replay to 30, then weight rewinding.
        RetrainingStudy dying = study(killed, TinyRuns.dieAtTrainingStart(5));
        expectThrows(TinyRuns.Killed.class, dying::run);
        study(killed, RunListener.NONE).run();

        Map<Path, String> expected = KilledRunTest.fingerprints(run);
        Map<Path, String> actual = KilledRunTest.fingerprints(killed);
        Path table = Path.of("retrain/results.csv");
        expected.remove(table);
        actual.remove(table);
        assertEquals(actual, expected);
        // The table differs only in the wall-clock column.
        assertEquals(withoutLastColumn(killed.resolve(table)), withoutLastColumn(run.resolve(table)));
    }

    private static RetrainingStudy study(Path run, RunListener listener)
            throws java.io.IOException {
        return RetrainingStudy.builder()
                .setRun(new RunDirectory(run))
                .setData(TinyRuns::data)
                .optLevels(List.of(1))
                .optSteps(List.of(0L, 30L))
                .optListener(listener)
                .build();
    }

    private static List<String> withoutLastColumn(Path csv) throws java.io.IOException {
        return Files.readAllLines(csv).stream()
                .map(line -> line.substring(0, line.lastIndexOf(','))).toList();
    }
}
