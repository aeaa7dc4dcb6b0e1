package io.ltq.experiments.lottery;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.expectThrows;

import io.ltq.prune.PruningScope;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.testng.annotations.Test;

/** Settings as grouped data: flat run.json files of earlier LTQ read, sentences name settings. */
public class SettingsTest {

    @Test
    public void flatRunJsonOfEarlierRunsReadsIntoTheGroups() throws Exception {
        Path run = Files.createTempDirectory("ltq-flat-json");
        try (InputStream in = SettingsTest.class.getResourceAsStream("flat-run.json")) {
            Files.copy(in, run.resolve("run.json"));
        }
        LotteryConfig c = new RunDirectory(run).readConfig();
        assertEquals(c.network(), NetworkSettings.DEFAULTS);
        assertEquals(c.data(), DataSettings.DEFAULTS);
        assertEquals(c.training(), TrainingSettings.DEFAULTS.withIterations(400).withEvalEvery(100)
                .withTestEvery(100));
        // Both controls, as the booleans of earlier runs said, and magnitude pruning.
        assertEquals(c.pruning(), PruningSettings.DEFAULTS.withRates(0.2, 0.2, 0.2)
                .withScope(PruningScope.GLOBAL).withLevels(3).withRewindStep(100));
        assertEquals(c.seeds(), SeedSettings.DEFAULTS.withInitSeed(1));
        // Written again, it is the grouped form, and reads back to the same settings.
        new RunDirectory(run).writeConfig(c, null, java.util.Map.of(), null);
        assertTrue(Files.readString(run.resolve("run.json")).contains("\"training\""));
        assertEquals(new RunDirectory(run).readConfig(), c);
    }

    @Test
    public void sentencesNameSettingsAsTheCallerCallsThem() {
        InvalidSettingException e = expectThrows(InvalidSettingException.class,
                () -> TrainingSettings.DEFAULTS.withLearningRate(-1));
        assertEquals(e.getMessage(), "learningRate must be positive, got -1.0.");
        assertEquals(e.render(name -> name.equals("learningRate") ? "--lr" : name),
                "--lr must be positive, got -1.0.");
        InvalidSettingException beyond = expectThrows(InvalidSettingException.class,
                () -> LotteryConfig.DEFAULTS
                        .withTraining(TrainingSettings.DEFAULTS.withIterations(10))
                        .withPruning(PruningSettings.DEFAULTS.withRewindStep(10)));
        assertTrue(beyond.getMessage().startsWith("rewindStep 10 is beyond training"),
                beyond.getMessage());
    }

    @Test
    public void settingsAreListedByUniqueFieldName() {
        LotteryConfig c = ResumeTest.config("PyTorch", 1, 20, 0);
        assertEquals(c.settings().size(), 3 + 5 + 9 + 9 + 3 + 7);
        assertEquals(c.settings().get("iterations"), 20L);
        assertEquals(c.withLevels(4).differencesFrom(c), List.of());
        assertEquals(ResumeTest.config("PyTorch", 1, 30, 0).differencesFrom(c),
                List.of("iterations: 20 → 30"));
    }
}
