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
        assertEquals(c.network(), new NetworkSettings("lenet300", "PyTorch", "cpu"));
        assertEquals(c.data(), new DataSettings("fashion-mnist", 60, 5000, 0, false));
        assertEquals(c.training(), new TrainingSettings(OptimizerKind.ADAM, 0.0012, List.of(), 0,
                0, 0, 400, 100, 100));
        assertEquals(c.pruning(), new PruningSettings(0.2, 0.2, 0.2, PruningScope.GLOBAL, 3, 100,
                true, true));
        assertEquals(c.seeds(), new SeedSettings(1, 0, 0));
        // Written again, it is the grouped form, and reads back to the same settings.
        new RunDirectory(run).writeConfig(c, java.util.Map.of());
        assertTrue(Files.readString(run.resolve("run.json")).contains("\"training\""));
        assertEquals(new RunDirectory(run).readConfig(), c);
    }

    @Test
    public void sentencesNameSettingsAsTheCallerCallsThem() {
        InvalidSettingException e = expectThrows(InvalidSettingException.class,
                () -> new TrainingSettings(OptimizerKind.SGD, -1, List.of(), 0, 0, 0, 10, 5, 0));
        assertEquals(e.getMessage(), "learningRate must be positive, got -1.0.");
        assertEquals(e.render(name -> name.equals("learningRate") ? "--lr" : name),
                "--lr must be positive, got -1.0.");
        InvalidSettingException beyond = expectThrows(InvalidSettingException.class,
                () -> new LotteryConfig(new NetworkSettings("lenet300", "PyTorch", "cpu"),
                        new DataSettings("synthetic", 32, 0, 0, false),
                        new TrainingSettings(OptimizerKind.ADAM, 1e-3, List.of(), 0, 0, 0, 10,
                                5, 0),
                        new PruningSettings(0.2, 0.2, 0.1, PruningScope.LAYERWISE, 1, 10, false,
                                false),
                        new SeedSettings(0, 0, 0)));
        assertTrue(beyond.getMessage().startsWith("rewindStep 10 is beyond training"),
                beyond.getMessage());
    }

    @Test
    public void settingsAreListedByUniqueFieldName() {
        LotteryConfig c = ResumeTest.config("PyTorch", 1, 20, 0);
        assertEquals(c.settings().size(), 3 + 5 + 9 + 8 + 3);
        assertEquals(c.settings().get("iterations"), 20L);
        assertEquals(c.withLevels(4).differencesFrom(c), List.of());
        assertEquals(ResumeTest.config("PyTorch", 1, 30, 0).differencesFrom(c),
                List.of("iterations: 20 → 30"));
    }
}
