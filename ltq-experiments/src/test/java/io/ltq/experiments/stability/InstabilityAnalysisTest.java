package io.ltq.experiments.stability;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertFalse;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.expectThrows;

import io.ltq.experiments.UserMistakeException;
import io.ltq.experiments.lottery.ExperimentData;
import io.ltq.experiments.lottery.KilledRunTest;
import io.ltq.experiments.lottery.LotteryConfig;
import io.ltq.experiments.lottery.NetworkSettings;
import io.ltq.experiments.lottery.PruningSettings;
import io.ltq.experiments.lottery.RunDirectory;
import io.ltq.experiments.lottery.RunListener;
import io.ltq.experiments.lottery.TinyRuns;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.testng.annotations.DataProvider;
import org.testng.annotations.Test;

public class InstabilityAnalysisTest {

    @DataProvider(name = "engines")
    static Object[][] engines() {
        return new Object[][] {{"PyTorch"}, {"MXNet"}};
    }

    static ExperimentData data(long orderSeed) {
        return TinyRuns.data(orderSeed);
    }

    static LotteryConfig config(String engine) {
        return TinyRuns.CONFIG
                .withNetwork(NetworkSettings.DEFAULTS.withEngine(engine))
                .withTraining(TinyRuns.training(40, 20))
                .withPruning(PruningSettings.DEFAULTS.withLevels(1).withControls(List.of()));
    }

    static Map<Path, String> digests(Path root) throws Exception {
        return TinyRuns.digests(root);
    }

    @Test(dataProvider = "engines")
    public void analysesTicketsWithoutTouchingTheRun(String engine) throws Exception {
        Path out = Files.createTempDirectory("ltq-stability");
        LotteryConfig config = config(engine);
        TinyRuns.experiment(config, data(2), new RunDirectory(out), RunListener.NONE).run();
        Map<Path, String> before = digests(out);

        List<StabilityResult> results =
                InstabilityAnalysis.builder()
                        .setRun(new RunDirectory(out))
                        .setData(InstabilityAnalysisTest::data)
                        .optLevel(1)
                        .optSteps(List.of(39L, 10L))
                        .optPoints(5)
                        .optTrainEvalSize(300)
                        .build()
                        .run();

        assertEquals(results.stream().map(StabilityResult::step).toList(), List.of(10L, 39L));
        for (StabilityResult r : results) {
            assertEquals(r.path().size(), 5);
            assertEquals(r.path().get(0).alpha(), 0.0);
            assertEquals(r.path().get(4).alpha(), 1.0);
            double[] errors = r.path().stream()
                    .mapToDouble(StabilityResult.Point::testError).toArray();
            assertEquals(r.testBarrier(), Interpolation.barrier(errors), 1e-12);
            assertTrue(r.path().stream().allMatch(p -> p.testError() >= 0
                    && p.testError() <= 1));
        }
        // From step T-1 the two copies take one different step each: the same basin.
        assertTrue(results.get(1).stable(), "barrier " + results.get(1).testBarrier());
        assertTrue(Files.exists(out.resolve("stability/level_01/k_000010/interpolation.csv")));
        assertTrue(Files.exists(out.resolve("stability/level_01/k_000039/seed_2.params")));
        assertTrue(Files.exists(out.resolve("stability/level_01/barriers.csv")));

        // The run's own files are untouched.
        Map<Path, String> after = digests(out);
        after.keySet().removeIf(p -> p.startsWith("stability"));
        assertEquals(after, before);
    }

    /** A killed analysis, rerun, keeps the steps it finished and ends with the same files. */
    @Test(dataProvider = "engines")
    public void killedAnalysisResumesToTheUninterruptedFiles(String engine) throws Exception {
        Path run = Files.createTempDirectory("ltq-stability");
        LotteryConfig config = config(engine);
        TinyRuns.experiment(config, data(2), new RunDirectory(run), RunListener.NONE).run();
        Path killed = run.resolveSibling(run.getFileName() + "-killed");
        KilledRunTest.copyTree(run, killed);

        analysis(run, RunListener.NONE).run();
        // Trainings: replay to 10, k=10's two copies, replay to 30, k=30's first copy: die there.
        InstabilityAnalysis dying = analysis(killed, TinyRuns.dieAtTrainingStart(5));
        expectThrows(TinyRuns.Killed.class, dying::run);
        assertTrue(Files.exists(killed.resolve("stability/level_01/k_000010/summary.json")));
        assertFalse(Files.exists(killed.resolve("stability/level_01/k_000030/summary.json")));
        List<String> trained = new ArrayList<>();
        analysis(killed, new RunListener() {
            @Override
            public void onTrainingStart(int level, String variant, double w, long s, long e) {
                trained.add(variant);
            }
        }).run();
        assertEquals(trained, List.of("replay", "k30-seed1", "k30-seed2"), "k=10 is kept");
        assertEquals(KilledRunTest.fingerprints(killed), KilledRunTest.fingerprints(run));
    }

    private static InstabilityAnalysis analysis(Path run, RunListener listener)
            throws java.io.IOException {
        return InstabilityAnalysis.builder()
                .setRun(new RunDirectory(run))
                .setData(InstabilityAnalysisTest::data)
                .optLevel(1)
                .optSteps(List.of(10L, 30L))
                .optPoints(3)
                .optTrainEvalSize(100)
                .optListener(listener)
                .build();
    }

    @Test
    public void refusesStepsOutsideTrainingAndMissingLevels() throws Exception {
        Path out = Files.createTempDirectory("ltq-stability");
        LotteryConfig config = TinyRuns.CONFIG.withTraining(TinyRuns.training(20, 20))
                .withPruning(PruningSettings.DEFAULTS.withLevels(0).withControls(List.of()));
        TinyRuns.experiment(config, data(2), new RunDirectory(out), RunListener.NONE).run();
        UserMistakeException e = expectThrows(UserMistakeException.class,
                () -> InstabilityAnalysis.builder().setRun(new RunDirectory(out))
                        .setData(InstabilityAnalysisTest::data).optSteps(List.of(20L)).build());
        assertTrue(e.getMessage().contains("--k"), e.getMessage());
        e = expectThrows(UserMistakeException.class,
                () -> InstabilityAnalysis.builder().setRun(new RunDirectory(out))
                        .setData(InstabilityAnalysisTest::data).optLevel(3).build());
        assertTrue(e.getMessage().contains("--level"), e.getMessage());
        e = expectThrows(UserMistakeException.class,
                () -> InstabilityAnalysis.builder()
                        .setRun(new RunDirectory(Files.createTempDirectory("empty")))
                        .setData(InstabilityAnalysisTest::data).build());
        assertTrue(e.getMessage().contains("run.json"), e.getMessage());
    }
}
