package io.ltq.experiments.lottery;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertFalse;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.expectThrows;

import ai.djl.ndarray.types.Shape;
import io.ltq.experiments.UserMistakeException;
import io.ltq.experiments.datasets.DataSplits;
import io.ltq.experiments.datasets.SyntheticData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.testng.annotations.DataProvider;
import org.testng.annotations.Test;

/** Invariant 4: finished levels are never redone; a killed run resumes; changed settings are refused. */
public class ResumeTest {

    @DataProvider(name = "engines")
    static Object[][] engines() {
        return new Object[][] {{"PyTorch"}, {"MXNet"}};
    }

    static LotteryConfig config(String engine, int levels, long iterations, long rewind) {
        return TinyRuns.CONFIG
                .withNetwork(NetworkSettings.DEFAULTS.withEngine(engine))
                .withTraining(TinyRuns.training(iterations, 20))
                .withPruning(PruningSettings.DEFAULTS.withLevels(levels).withRewindStep(rewind));
    }

    static ExperimentData data() {
        DataSplits splits =
                DataSplits.builder()
                        .setData(SyntheticData.builder()
                                .optTrainSize(1200)
                                .optTestSize(200)
                                .optExampleShape(new Shape(1, 28, 28))
                                .optSeed(5)
                                .build())
                        .setBatchSize(32)
                        .optValidationSize(200)
                        .build();
        return new SplitsData(splits);
    }

    /** Records which networks were trained and which skipped. */
    static final class Recorder implements RunListener {
        final List<String> trained = new ArrayList<>();
        final List<String> skipped = new ArrayList<>();

        @Override
        public void onTrainingEnd(LevelSummary s) {
            trained.add(s.level() + "/" + s.variant());
        }

        @Override
        public void onSkipped(LevelSummary s) {
            skipped.add(s.level() + "/" + s.variant());
        }
    }

    @Test(dataProvider = "engines")
    public void killedRunResumesWithoutRedoingFinishedLevels(String engine) throws Exception {
        Path out = Files.createTempDirectory("ltq-resume");
        LotteryConfig config = config(engine, 2, 40, 10);
        Recorder first = new Recorder();
        List<LevelSummary> full =
                TinyRuns.experiment(config, data(), new RunDirectory(out), first).run();
        assertEquals(first.trained, List.of("0/ticket", "1/ticket", "1/reinit",
                "1/random_prune", "2/ticket", "2/reinit", "2/random_prune"));
        assertTrue(Files.exists(out.resolve("rewind.params")));

        // Simulate a run killed during level 2: its summaries never got written.
        for (String v : List.of("", "reinit/", "random_prune/")) {
            Files.delete(out.resolve("level_02/" + v + "summary.json"));
        }
        Recorder second = new Recorder();
        List<LevelSummary> resumed =
                TinyRuns.experiment(config, data(), new RunDirectory(out), second).run();
        assertEquals(second.skipped, List.of("0/ticket", "1/ticket", "1/reinit",
                "1/random_prune"));
        assertEquals(second.trained, List.of("2/ticket", "2/reinit", "2/random_prune"));
        // θk came back from rewind.params: the retrained level 2 is the same network.
        for (int i = 4; i < 7; i++) {
            assertEquals(resumed.get(i).finalTestAccuracy(), full.get(i).finalTestAccuracy(),
                    1e-9, resumed.get(i).variant().name());
            assertEquals(resumed.get(i).keptWeights(), full.get(i).keptWeights());
        }

        // One more level extends the run; nothing before it is redone.
        Recorder third = new Recorder();
        TinyRuns.experiment(config.withLevels(3), data(), new RunDirectory(out), third).run();
        assertEquals(third.trained, List.of("3/ticket", "3/reinit", "3/random_prune"));
        assertEquals(third.skipped.size(), 7);
    }

    @Test
    public void changedSettingIsRefusedByName() throws Exception {
        Path out = Files.createTempDirectory("ltq-resume");
        TinyRuns.experiment(config("PyTorch", 0, 20, 0), data(), new RunDirectory(out),
                RunListener.NONE).run();
        String recorded = Files.readString(out.resolve("run.json"));
        UserMistakeException e =
                expectThrows(UserMistakeException.class,
                        () -> TinyRuns.experiment(config("PyTorch", 0, 30, 0), data(),
                                new RunDirectory(out), RunListener.NONE).run());
        assertTrue(e.getMessage().contains("iterations: 20 → 30"), e.getMessage());
        assertTrue(e.getMessage().contains("--out"), e.getMessage());
        // Nothing was touched.
        assertEquals(Files.readString(out.resolve("run.json")), recorded);
        assertFalse(Files.exists(out.resolve("level_01/summary.json")));
    }
}
