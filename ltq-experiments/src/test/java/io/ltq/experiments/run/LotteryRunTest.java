package io.ltq.experiments.run;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertNotNull;
import static org.testng.Assert.expectThrows;
import static org.testng.Assert.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.dataset.ArrayDataset;
import com.google.gson.JsonObject;
import io.ltq.experiments.UserMistakeException;
import io.ltq.experiments.datasets.DataSource;
import io.ltq.experiments.datasets.DjlDatasets;
import io.ltq.experiments.lottery.DataSettings;
import io.ltq.experiments.lottery.LevelSummary;
import io.ltq.experiments.lottery.LotteryConfig;
import io.ltq.experiments.lottery.LtqJson;
import io.ltq.experiments.lottery.Network;
import io.ltq.experiments.lottery.NetworkSettings;
import io.ltq.experiments.lottery.PruningSettings;
import io.ltq.experiments.lottery.TinyRuns;
import io.ltq.experiments.lottery.TrainingSettings;
import io.ltq.experiments.lottery.Variant;
import io.ltq.experiments.report.Report;
import io.ltq.experiments.stability.StabilityResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.testng.annotations.DataProvider;
import org.testng.annotations.Test;

/** The Java API with a network and DJL datasets LTQ has never seen. */
public class LotteryRunTest {

    private static Network mlp(int width) {
        return Network.of("tiny-mlp", (shape, classes) -> new SequentialBlock()
                .add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(width).build())
                .add(Activation::relu)
                .add(Linear.builder().setUnits(classes).build()));
    }

    /** Three classes of 4x4 examples around the values 0, 1 and 2. */
    private static ArrayDataset blobs(NDManager manager, int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] x = new float[n * 16];
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % 3;
            for (int j = 0; j < 16; j++) {
                x[i * 16 + j] = y[i] + (float) random.nextGaussian() * 0.5f;
            }
        }
        return new ArrayDataset.Builder()
                .setData(manager.create(x, new Shape(n, 1, 4, 4)))
                .optLabels(manager.create(y, new Shape(n)))
                .setSampling(1, false)
                .build();
    }

    private static LotteryConfig config(String engine) {
        return LotteryConfig.DEFAULTS
                .withNetwork(NetworkSettings.DEFAULTS.withEngine(engine))
                .withData(DataSettings.DEFAULTS.withBatchSize(10).withValidationSize(20))
                .withTraining(TrainingSettings.DEFAULTS.withIterations(30).withEvalEvery(10))
                .withPruning(PruningSettings.DEFAULTS.withLevels(1));
    }

    @DataProvider
    public Object[][] engines() {
        return new Object[][] {{"PyTorch"}, {"MXNet"}};
    }

    @Test(dataProvider = "engines")
    public void aRunOfOnesOwnResumesAnalysesAndReports(String engine) throws Exception {
        Path out = Files.createTempDirectory("ltq-java-api");
        // A DJL project's datasets live on its default engine, whichever engine LTQ trains on.
        try (NDManager manager = NDManager.newBaseManager()) {
            DataSource data = DjlDatasets.of("blobs", blobs(manager, 90, 1),
                    blobs(manager, 30, 2), 3);
            LotteryRun run = LotteryRun.builder().setNetwork(mlp(8)).setData(data)
                    .optConfig(config(engine)).setOut(out).build();
            List<LevelSummary> done = run.run();
            assertEquals(done.stream().map(s -> s.level() + "/" + s.variant()).toList(),
                    List.of("0/ticket", "1/ticket", "1/reinit", "1/random_prune"));
            JsonObject json = LtqJson.PRETTY.fromJson(Files.readString(out.resolve("run.json")),
                    JsonObject.class);
            assertEquals(json.getAsJsonObject("config").getAsJsonObject("network")
                    .get("model").getAsString(), "tiny-mlp");
            assertEquals(json.getAsJsonObject("config").getAsJsonObject("data")
                    .get("dataset").getAsString(), "blobs");
            assertEquals(json.getAsJsonObject("architecture").get("numClasses").getAsInt(), 3);
            assertNotNull(run.folder().readSummary(1, Variant.RANDOM_PRUNE));

            // A rerun finds everything finished and writes nothing.
            Map<Path, String> before = TinyRuns.digests(out);
            run.run();
            assertEquals(TinyRuns.digests(out), before);

            // Extending the run with a changed network is refused before anything is written.
            LotteryRun wider = LotteryRun.builder().setNetwork(mlp(12)).setData(data)
                    .optConfig(config(engine).withLevels(2)).setOut(out).build();
            UserMistakeException refused = expectThrows(UserMistakeException.class, wider::run);
            assertTrue(refused.getMessage().contains("[8, 16] → [12, 16]")
                    || refused.getMessage().contains("[12, 16]"), refused.getMessage());
            assertTrue(refused.getMessage().contains("resume it with the network it was made"
                    + " with"), refused.getMessage());
            assertEquals(TinyRuns.digests(out), before);

            List<StabilityResult> stability = run.stability().optSteps(List.of(0L))
                    .optPoints(3).optTrainEvalSize(20).build().run();
            assertEquals(stability.size(), 1);
            Report.Output report = Report.builder().addRun(out).build().write();
            assertTrue(Files.size(report.page()) > 0);
            String page = Files.readString(report.page());
            assertTrue(page.contains("tiny-mlp"), "the report names the network");
        } finally {
            try (Stream<Path> files = Files.walk(out)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }
}
