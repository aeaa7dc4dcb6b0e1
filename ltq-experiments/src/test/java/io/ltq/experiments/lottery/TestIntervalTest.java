package io.ltq.experiments.lottery;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertFalse;
import static org.testng.Assert.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.ltq.experiments.training.MetricsRow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.testng.annotations.Test;

/**
 * {@code --test-every}: the test set evaluated rarely changes nothing a run finds — the same
 * masks, early-stop step and accuracies — and run.json files from before the setting still load.
 */
public class TestIntervalTest {

    private static LotteryConfig config(long testEvery) {
        return TinyRuns.CONFIG
                .withTraining(TinyRuns.training(200, 10).withLearningRate(1e-2)
                        .withTestEvery(testEvery))
                .withPruning(PruningSettings.DEFAULTS.withLevels(1).withControls(List.of()));
    }

    @Test
    public void rareTestEvaluationGivesTheSameRun() throws Exception {
        Path every = Files.createTempDirectory("ltq-test-every");
        Path rare = Files.createTempDirectory("ltq-test-rare");
        TinyRuns.experiment(config(0), ResumeTest.data(), new RunDirectory(every),
                RunListener.NONE).run();
        TinyRuns.experiment(config(50), ResumeTest.data(), new RunDirectory(rare),
                RunListener.NONE).run();
        int skipped = 0;
        for (int level = 0; level <= 1; level++) {
            LevelSummary a = new RunDirectory(every).readSummary(level, Variant.TICKET);
            LevelSummary b = new RunDirectory(rare).readSummary(level, Variant.TICKET);
            assertEquals(b.earlyStopStep(), a.earlyStopStep());
            assertEquals(b.earlyStopTestAccuracy(), a.earlyStopTestAccuracy(), 0.0);
            assertEquals(b.finalTestAccuracy(), a.finalTestAccuracy(), 0.0);
            assertEquals(new RunDirectory(rare).loadMasks(level + 1, Variant.TICKET),
                    new RunDirectory(every).loadMasks(level + 1, Variant.TICKET));

            List<MetricsRow> all = rows(every, level);
            List<MetricsRow> some = rows(rare, level);
            assertEquals(some.size(), all.size());
            for (int i = 0; i < all.size(); i++) {
                MetricsRow x = all.get(i);
                MetricsRow y = some.get(i);
                assertEquals(y.validationLoss(), x.validationLoss(), 0.0);
                if (Double.isNaN(y.testAccuracy())) {
                    // Only between test points, never at the early stop (a new minimum then).
                    assertTrue(y.step() % 50 != 0 && y.step() != 200, "step " + y.step());
                    assertTrue(y.step() != b.earlyStopStep(), "step " + y.step());
                    skipped++;
                } else {
                    assertEquals(y.testAccuracy(), x.testAccuracy(), 0.0, "step " + y.step());
                }
            }
        }
        // A rate high enough for the validation loss to go up and down, so points are skipped.
        assertTrue(skipped > 0, "the test set was evaluated at every point");
    }

    @Test
    public void runJsonWithoutTheNewSettingsStillLoads() throws Exception {
        Path run = Files.createTempDirectory("ltq-old-json");
        RunDirectory dir = new RunDirectory(run);
        dir.writeConfig(config(0), null, java.util.Map.of(), null);
        JsonObject json = JsonParser.parseString(Files.readString(run.resolve("run.json")))
                .getAsJsonObject();
        JsonObject settings = json.getAsJsonObject("config").getAsJsonObject("training");
        assertEquals(settings.get("testEvery").getAsLong(), 10);
        settings.remove("testEvery");
        settings.remove("warmupSteps");
        Files.writeString(run.resolve("run.json"), json.toString());
        LotteryConfig read = dir.readConfig();
        assertEquals(read, config(0));
        assertEquals(read.training().testEvery(), 10);
        assertEquals(read.training().warmupSteps(), 0);
        assertFalse(read.differencesFrom(config(0)).iterator().hasNext());
    }

    private static List<MetricsRow> rows(Path run, int level) throws Exception {
        return Files.readAllLines(run.resolve(String.format("level_%02d/metrics.csv", level)))
                .stream().skip(1).map(MetricsRow::parse).toList();
    }
}
