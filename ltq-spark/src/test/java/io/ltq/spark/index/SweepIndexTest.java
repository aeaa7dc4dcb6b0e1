package io.ltq.spark.index;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertFalse;
import static org.testng.Assert.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.ltq.experiments.UserMistakeException;
import io.ltq.experiments.lottery.DataSettings;
import io.ltq.experiments.lottery.LotteryConfig;
import io.ltq.experiments.lottery.PruningSettings;
import io.ltq.experiments.lottery.SeedSettings;
import io.ltq.experiments.lottery.TinyRuns;
import io.ltq.experiments.lottery.TrainingSettings;
import io.ltq.spark.grid.Grid;
import io.ltq.spark.grid.GridArguments;
import io.ltq.spark.grid.SweepRun;
import io.ltq.spark.task.RunOutcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.testng.annotations.Test;

/** The sweep's index file: what it records, and what a rerun keeps of it. */
public class SweepIndexTest {

    // As the sweep's --model lenet300 --dataset synthetic --levels 1 --iterations 100
    // --eval-every 50 --batch-size 32 --train-limit 1000 --validation 200 --controls reinit.
    private static LotteryConfig config(long seed) {
        return LotteryConfig.DEFAULTS
                .withData(DataSettings.DEFAULTS.withDataset("synthetic").withBatchSize(32)
                        .withValidationSize(200).withTrainLimit(1000))
                .withTraining(TrainingSettings.DEFAULTS.withIterations(100).withEvalEvery(50)
                        .withTestEvery(50))
                .withPruning(PruningSettings.DEFAULTS.withLevels(1).withControls(List.of("reinit")))
                .withSeeds(SeedSettings.DEFAULTS.withInitSeed(seed));
    }

    @Test
    public void recordsGridRunsAndOutcomes() throws IOException {
        Path out = Files.createTempDirectory("ltq-index");
        Grid.Builder b = Grid.builder();
        GridArguments.addTo(List.of("--model", "lenet300", "--seed", "1,2"), b);
        Grid grid = b.build();
        List<SweepRun> runs = grid.runs(out);
        SweepIndex index = SweepIndex.start(out, grid, "local[2,4]", 1);
        index.add(runs.get(0), config(1), false);
        index.add(runs.get(1), config(2), false);
        index.started("seed-1");
        index.started("seed-2");
        index.started("seed-2");
        index.ended(new RunOutcome("seed-1", 0, 1, "host", 8000, 5000, 4000, 1, 80.0, 0.9, 0.91,
                ""));
        index.failed("seed-2", "seed-2: ltq lottery was killed by signal 9");
        index.times(3000, 20000);
        index.write();

        JsonObject json = JsonParser.parseString(Files.readString(out.resolve(SweepIndex.FILE)))
                .getAsJsonObject();
        assertEquals(json.get("command").getAsString(), "lottery");
        assertEquals(json.getAsJsonObject("axes").getAsJsonArray("--seed").size(), 2);
        assertEquals(json.get("master").getAsString(), "local[2,4]");
        JsonObject first = json.getAsJsonArray("runs").get(0).getAsJsonObject();
        assertEquals(first.get("name").getAsString(), "seed-1");
        assertEquals(first.get("folder").getAsString(), "seed-1");
        assertEquals(first.get("status").getAsString(), RunEntry.FINISHED);
        assertEquals(first.get("attempts").getAsInt(), 1);
        assertEquals(first.get("exitCode").getAsInt(), 0);
        assertEquals(first.get("finalTestAccuracy").getAsDouble(), 0.91);
        assertEquals(first.get("trainingSeconds").getAsDouble(), 5.0);
        assertEquals(first.get("attemptTrainingSeconds").getAsDouble(), 4.0);
        assertEquals(first.getAsJsonObject("config").getAsJsonObject("seeds").get("initSeed").getAsLong(), 1L);
        assertEquals(first.getAsJsonArray("command").get(0).getAsString(), "ltq");
        // Relocatable: the run folder is named relative to the sweep's, and nothing else
        // names this machine's folders.
        assertEquals(first.get("alone").getAsString(), "OMP_NUM_THREADS=1 MKL_NUM_THREADS=1 ltq"
                + " lottery --model lenet300 --seed 1 --out seed-1");
        JsonArray command = first.getAsJsonArray("command");
        assertEquals(command.get(command.size() - 1).getAsString(), "seed-1");
        assertEquals(json.get("commandsRunFrom").getAsString(), "the folder of this sweep.json");
        assertFalse(Files.readString(out.resolve(SweepIndex.FILE)).contains(out.toString()));
        JsonObject second = json.getAsJsonArray("runs").get(1).getAsJsonObject();
        assertEquals(second.get("status").getAsString(), RunEntry.FAILED);
        assertEquals(second.get("attempts").getAsInt(), 2);
        assertTrue(second.get("error").getAsString().contains("signal 9"));

        // A rerun keeps the outcome of a run finished before and starts the other afresh.
        SweepIndex again = SweepIndex.start(out, grid, "local[2,4]", 1);
        again.add(runs.get(0), config(1), true);
        again.add(runs.get(1), config(2), false);
        assertTrue(again.runs().get(0).finishedBefore());
        assertEquals(again.runs().get(0).status(), RunEntry.FINISHED);
        assertEquals(again.runs().get(1).status(), RunEntry.PENDING);
        assertFalse(again.runs().get(1).finishedBefore());
        again.write();
        JsonObject kept = JsonParser.parseString(Files.readString(out.resolve(SweepIndex.FILE)))
                .getAsJsonObject().getAsJsonArray("runs").get(0).getAsJsonObject();
        assertEquals(kept.get("wallSeconds").getAsDouble(), 8.0);
        TinyRuns.deleteTree(out);
    }

    @Test
    public void aDamagedIndexSaysWhatToDo() throws IOException {
        Path out = Files.createTempDirectory("ltq-index");
        Files.writeString(out.resolve(SweepIndex.FILE), "{\"runs\": [");
        Grid.Builder b = Grid.builder();
        GridArguments.addTo(List.of("--model", "lenet300"), b);
        UserMistakeException e = org.testng.Assert.expectThrows(UserMistakeException.class,
                () -> SweepIndex.start(out, b.build(), "local[1,4]", 1));
        assertTrue(e.getMessage().contains("delete it and rerun the same ltq sweep command"),
                e.getMessage());
        TinyRuns.deleteTree(out);
    }
}
