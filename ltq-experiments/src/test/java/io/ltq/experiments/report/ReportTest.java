package io.ltq.experiments.report;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertFalse;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.expectThrows;

import ai.djl.ndarray.types.Shape;
import com.google.gson.Gson;
import com.google.gson.JsonObject;
import io.ltq.experiments.UserMistakeException;
import io.ltq.experiments.compare.TicketDistance;
import io.ltq.experiments.compare.TicketDistances;
import io.ltq.experiments.datasets.DataSplits;
import io.ltq.experiments.datasets.SyntheticData;
import io.ltq.experiments.inference.InferenceMeasurement;
import io.ltq.experiments.inference.InferenceTime;
import io.ltq.experiments.lottery.ExperimentData;
import io.ltq.experiments.lottery.KilledRunTest;
import io.ltq.experiments.lottery.LotteryConfig;
import io.ltq.experiments.lottery.OptimizerKind;
import io.ltq.experiments.lottery.PruningSettings;
import io.ltq.experiments.lottery.RunDirectory;
import io.ltq.experiments.lottery.RunListener;
import io.ltq.experiments.lottery.SplitsData;
import io.ltq.experiments.lottery.TinyRuns;
import io.ltq.experiments.lottery.Variant;
import io.ltq.experiments.retrain.RetrainingStudy;
import io.ltq.experiments.stability.InstabilityAnalysis;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.testng.annotations.BeforeClass;
import org.testng.annotations.Test;

/**
 * Renders reports from a tiny real run (two IMP levels with both controls and an instability
 * analysis, on synthetic data) and from copies of it that play other seeds and another engine.
 */
public class ReportTest {

    private static final Gson GSON = new Gson();

    private Path run;

    static ExperimentData data(long orderSeed) {
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

    @BeforeClass
    public void makeRun() throws IOException {
        run = Files.createTempDirectory("ltq-report").resolve("tiny");
        LotteryConfig config = TinyRuns.CONFIG.withTraining(TinyRuns.training(40, 20))
                .withPruning(PruningSettings.DEFAULTS.withLevels(2));
        TinyRuns.experiment(config, data(2), new RunDirectory(run), RunListener.NONE).run();
        // Barrier against k for two levels; the dense level at k = 0 only, to keep it short.
        for (int level : new int[] {0, 1}) {
            InstabilityAnalysis.builder()
                    .setRun(new RunDirectory(run))
                    .setData(ReportTest::data)
                    .optLevel(level)
                    .optSteps(level == 0 ? List.of(0L) : List.of(0L, 20L))
                    .optPoints(3)
                    .optTrainEvalSize(200)
                    .build()
                    .run();
        }
    }

    @Test
    public void rendersOneRunWithChartsAndTables() throws Exception {
        Report.Output out = Report.builder().addRun(run).build().write();
        Path dir = run.resolve("report");
        assertEquals(out.page(), dir.resolve("report.html"));
        String html = Files.readString(out.page());

        List<String> charts = out.data().charts().stream().map(ChartImage::fileName).toList();
        assertEquals(charts, List.of("accuracy_early_stop.png", "accuracy_final.png",
                "early_stop_iteration.png", "training.png", "interpolation_level_00.png",
                "interpolation_level_01.png", "barrier_vs_k.png"));
        for (ChartImage chart : out.data().charts()) {
            byte[] png = Files.readAllBytes(dir.resolve(chart.fileName()));
            assertEquals(png, chart.png(), chart.fileName());
            assertDrawn(png, chart.fileName());
            // Self-contained: every chart is in the page itself.
            assertTrue(html.contains("data:image/png;base64," + Base64.getEncoder()
                    .encodeToString(png)), chart.fileName());
        }
        assertFalse(html.contains("<script"));
        assertFalse(html.contains("src=\"http"));
        assertFalse(html.contains("href="));

        // The per-level table, the ShrinkBench table stated as theoretical, settings, versions.
        assertTrue(html.contains("<th colspan=\"3\">random reinit</th>"), html);
        assertTrue(html.contains("theoretical speedup"), html);
        assertTrue(html.contains("The speedup is theoretical"), html);
        assertTrue(html.contains("<td>266,200</td>"), html);         // dense FLOPs
        assertTrue(html.contains("<td>213,060</td>"), html);         // level 1: 80%, 80%, 90%
        assertTrue(html.contains("<td>266,610</td>"), html);         // parameters with biases
        assertTrue(html.contains(">pruneOutput</td>"), html);
        assertTrue(html.contains("0.35.1"), html);                   // DJL version of run.json
        assertTrue(html.contains("Instability analysis"), html);

        List<String> levels = Files.readAllLines(dir.resolve("levels.csv"));
        assertEquals(levels.size(), 1 + 1 + 2 * 3, levels.toString());
        assertTrue(levels.get(1).startsWith(",0,ticket,1,100,"), levels.get(1));
        List<String> compression = Files.readAllLines(dir.resolve("compression.csv"));
        assertEquals(compression.get(0), "group,level,weights_remaining,parameters,"
                + "nonzero_parameters,compression_ratio,flops,nonzero_flops,"
                + "theoretical_speedup");
        String[] level1 = compression.get(2).split(",");
        assertEquals(level1[4], String.valueOf(266_610 - (266_200 - 213_060)));
        assertEquals(level1[6], "266200");
        assertEquals(level1[7], "213060");
        assertEquals(Double.parseDouble(level1[8]), 266_200.0 / 213_060, 1e-12);
        assertEquals(Files.readAllLines(dir.resolve("stability.csv")).size(), 1 + 3);
        JsonObject json = GSON.fromJson(Files.readString(dir.resolve("report.json")),
                JsonObject.class);
        assertEquals(json.getAsJsonArray("runs").size(), 1);
        assertEquals(json.getAsJsonArray("charts").size(), 7);
        assertTrue(json.get("compression_note").getAsString().contains("theoretical"));
        // The run itself is untouched apart from its report folder.
        assertTrue(Files.exists(run.resolve("level_02/summary.json")));
    }

    @Test
    public void rendersRetrainingAndDistances() throws Exception {
        Path small = Files.createTempDirectory("ltq-report").resolve("analysed");
        LotteryConfig config = TinyRuns.CONFIG
                .withTraining(TinyRuns.training(40, 20).withOptimizer(OptimizerKind.MOMENTUM)
                        .withLearningRate(0.05).withLrDrops(List.of(20L)).withMomentum(0.9))
                .withPruning(PruningSettings.DEFAULTS.withLevels(1).withControls(List.of()));
        RunDirectory dir = new RunDirectory(small);
        TinyRuns.experiment(config, data(2), dir, RunListener.NONE).run();
        RetrainingStudy.builder().setRun(dir).setData(ReportTest::data)
                .optSteps(List.of(0L, 20L)).build().run();
        TicketDistances.builder().setRun(dir).setData(data(2)).optPoints(3)
                .optTrainEvalSize(100).build().run();

        Report.Output out = Report.builder().addRun(small).build().write();
        String html = Files.readString(out.page());
        List<String> charts = out.data().retrainingCharts().stream().map(ChartImage::fileName)
                .toList();
        assertEquals(charts, List.of("retraining_level_01.png", "retraining_level_02.png"));
        for (ChartImage chart : out.data().retrainingCharts()) {
            assertDrawn(Files.readAllBytes(small.resolve("report").resolve(chart.fileName())),
                    chart.fileName());
        }
        assertTrue(html.contains("Rewinding and fine-tuning at equal budget"), html);
        assertTrue(html.contains("<td>lr-rewind</td>"), html);
        assertTrue(html.contains("Where tickets go"), html);
        RunRecord record = out.data().runs().get(0);
        assertEquals(record.retraining().size(), 2 * 2 * 3);
        assertEquals(record.distances().stream().map(TicketDistance::level).toList(),
                List.of(1));
        JsonObject json = GSON.fromJson(Files.readString(small.resolve("report/report.json")),
                JsonObject.class);
        JsonObject run0 = json.getAsJsonArray("runs").get(0).getAsJsonObject();
        assertEquals(run0.getAsJsonArray("retraining").size(), 12);
        assertEquals(run0.getAsJsonArray("distances").size(), 1);
    }

    @Test
    public void seedsOfOneConfigurationAreAveragedWithMinMax() throws Exception {
        double original =
                new RunDirectory(run).readSummary(1, Variant.TICKET).earlyStopTestAccuracy();
        Path seed7 = copy(run, "seed7", json -> json.getAsJsonObject("config")
                .getAsJsonObject("seeds").addProperty("initSeed", 7));
        Path summary = seed7.resolve("level_01/summary.json");
        JsonObject s = GSON.fromJson(Files.readString(summary), JsonObject.class);
        s.addProperty("earlyStopTestAccuracy", original - 0.1);
        Files.writeString(summary, GSON.toJson(s));
        // A run still in progress: level 2 not finished yet.
        Files.delete(seed7.resolve("level_02/summary.json"));

        Path page = seed7.getParent().resolve("seeds.html");
        Report.Output out = Report.builder().addRun(run).addRun(seed7).optOut(page).build()
                .write();
        assertEquals(out.page(), page);
        List<RunGroup> groups = out.data().groups();
        assertEquals(groups.size(), 1);
        assertEquals(groups.get(0).label(), "");
        LevelPoint level1 = groups.get(0).points(Variant.TICKET).get(1);
        assertEquals(level1.runs(), 2);
        assertEquals(level1.earlyStopAccuracy().mean(), original - 0.05, 1e-12);
        assertEquals(level1.earlyStopAccuracy().min(), original - 0.1, 1e-12);
        assertEquals(level1.earlyStopAccuracy().max(), original, 1e-12);
        assertTrue(level1.earlyStopAccuracy().hasSpread());
        assertEquals(groups.get(0).points(Variant.TICKET).get(2).runs(), 1);
        String html = Files.readString(page);
        assertTrue(html.contains("mean (minimum–maximum)"), html);
        assertTrue(html.contains("error bars span the minimum and maximum"), html);
        // Two seeds at level 1 are paired: seed 7's ticket is 0.1 below seed 7's dense network
        // minus its offset, so the differences are d and d − 10 points; level 2 has one seed.
        double dense = new RunDirectory(run).readSummary(0, Variant.TICKET)
                .earlyStopTestAccuracy();
        List<String> paired = Files.readAllLines(page.resolveSibling("paired.csv"));
        String row = paired.stream().filter(l -> l.startsWith(",1,") && l.contains("ACCURACY")
                && l.contains("ticket − dense")).findFirst().orElseThrow();
        double d = 100 * (original - dense);
        assertEquals(Double.parseDouble(row.split(",")[8]), d - 5, 1e-9, row);
        assertTrue(paired.stream().noneMatch(l -> l.startsWith(",2,")
                && l.contains("ticket − ")), "one seed's ticket at level 2: no pair");
        assertTrue(html.contains("Claims checked"), html);
        for (ChartImage chart : out.data().lotteryCharts()) {
            assertDrawn(Files.readAllBytes(page.resolveSibling(chart.fileName())),
                    chart.fileName());
        }
    }

    @Test
    public void comparisonGivesEachConfigurationItsOwnSeries() throws Exception {
        Path mxnet = copy(run, "mxnet", json -> {
            json.getAsJsonObject("config").getAsJsonObject("network")
                    .addProperty("engine", "MXNet");
            json.getAsJsonObject("versions").addProperty("engine", "MXNet");
        });
        Path dir = mxnet.getParent().resolve("compare");
        Report.Output out = Report.builder().addRun(run).addRun(mxnet).optOut(dir).build()
                .write();
        assertEquals(out.page(), dir.resolve("report.html"));
        assertEquals(out.data().groups().stream().map(RunGroup::label).toList(),
                List.of("PyTorch", "MXNet"));
        assertEquals(out.data().trainingCharts().stream().map(ChartImage::fileName).toList(),
                List.of("training_pytorch.png", "training_mxnet.png"));
        // Both runs carry the stability folder, so their charts are told apart by run name.
        assertTrue(Files.exists(dir.resolve("tiny_barrier_vs_k.png")));
        assertTrue(Files.exists(dir.resolve("mxnet_barrier_vs_k.png")));
        String html = Files.readString(out.page());
        assertTrue(html.contains("<h3>MXNet</h3>"), html);
        assertTrue(html.contains("<h3>PyTorch</h3>"), html);
        // A copy of the run: the comparison sees the same masks and the same weights.
        assertFalse(out.data().comparison().isEmpty());
        for (var r : out.data().comparison()) {
            if (r.variant().isTicket()) {
                assertEquals(r.maskJaccardWithFirst(), 1.0, r.toString());
                assertEquals(r.startDifferenceWithFirst(), 0.0, r.toString());
                assertEquals(r.trainedDifferenceWithFirst(), 0.0, r.toString());
            }
            assertEquals(r.accuracyDifferenceWithFirst(), 0.0, r.toString());
        }
        assertTrue(Files.exists(dir.resolve("comparison.csv")));
        for (ChartImage chart : out.data().charts()) {
            assertDrawn(Files.readAllBytes(dir.resolve(chart.fileName())), chart.fileName());
        }
    }

    /**
     * Runs with {@code inference/inference.csv} get the chart of accuracy against inference time,
     * both axes the mean over seeds with their range; a group without the file is not on it.
     */
    @Test
    public void inferenceTimesAreDrawnAgainstAccuracyOverSeeds() throws Exception {
        Path first = copy(run, "timed-1", json -> { });
        Path second = copy(run, "timed-7", json -> json.getAsJsonObject("config")
                .getAsJsonObject("seeds").addProperty("initSeed", 7));
        Path untimed = copy(run, "untimed-mxnet", json -> json.getAsJsonObject("config")
                .getAsJsonObject("network").addProperty("engine", "MXNet"));
        InferenceMeasurement how = new InferenceMeasurement(InferenceMeasurement.FORMAT,
                "2026-01-01T00:00:00Z", "lenet300", "weights", "the dense network",
                List.of("timed-1", "timed-7"), 256, 1, 0, 1, 1, "median", true, null);
        how.write(first, List.of(row(0, 4), row(1, 3), row(2, 2)));
        // Level 2 unmeasured in the second seed: that point is the first seed's alone.
        how.write(second, List.of(row(0, 6), row(1, 5)));

        Path dir = first.getParent().resolve("timed-report");
        Report.Output out = Report.builder().addRun(first).addRun(second).addRun(untimed)
                .optOut(dir).build().write();
        assertEquals(out.data().groups().stream().map(RunGroup::label).toList(),
                List.of("PyTorch", "MXNet"));
        assertEquals(out.data().inferenceCharts().stream().map(ChartImage::fileName).toList(),
                List.of("accuracy_vs_inference_time.png"));
        assertDrawn(Files.readAllBytes(dir.resolve("accuracy_vs_inference_time.png")),
                "accuracy_vs_inference_time.png");

        RunGroup timed = out.data().groups().get(0);
        List<InferencePoint> points = timed.inferencePoints();
        assertEquals(points.stream().map(InferencePoint::level).toList(), List.of(0, 1, 2));
        InferencePoint level1 = points.get(1);
        assertEquals(level1.runs(), 2);
        assertEquals(level1.msPerBatch(), new Stat(4, 3, 5, 2));
        assertEquals(level1.earlyStopAccuracy(),
                timed.points(Variant.TICKET).get(1).earlyStopAccuracy());
        assertEquals(points.get(2).msPerBatch(), new Stat(2, 2, 2, 1));
        assertTrue(out.data().groups().get(1).inferencePoints().isEmpty());

        List<String> csv = Files.readAllLines(dir.resolve("inference.csv"));
        assertEquals(csv.get(0), "group,level,runs,weights_remaining,macs,batch,"
                + "ms_per_batch_mean,ms_per_batch_min,ms_per_batch_max,"
                + "early_stop_accuracy_mean,early_stop_accuracy_min,early_stop_accuracy_max");
        assertEquals(csv.size(), 1 + 3, csv.toString());
        assertTrue(csv.get(2).startsWith("PyTorch,1,2,"), csv.get(2));
        assertTrue(csv.get(2).contains(",266200,256,4,3,5,"), csv.get(2));
        JsonObject json = GSON.fromJson(Files.readString(dir.resolve("report.json")),
                JsonObject.class);
        assertEquals(json.getAsJsonArray("groups").get(0).getAsJsonObject()
                .getAsJsonArray("inference").size(), 3);
        assertEquals(json.getAsJsonArray("groups").get(1).getAsJsonObject()
                .getAsJsonArray("inference").size(), 0);
        String html = Files.readString(out.page());
        assertTrue(html.contains("<h2>Accuracy against inference time</h2>"), html);
        assertTrue(html.contains("(accuracy_vs_inference_time.png)"), html);

        // A damaged row is the user's to mend, in one sentence that names the file.
        Files.writeString(InferenceMeasurement.csv(second),
                InferenceTime.CSV_HEADER + "\n0,100,266200,256,fast,1,PyTorch\n");
        UserMistakeException e = expectThrows(UserMistakeException.class,
                () -> Report.builder().addRun(second).optOut(dir.resolveSibling("damaged"))
                        .build().read());
        assertTrue(e.getMessage().contains("inference.csv line 2"), e.getMessage());
    }

    /** An unstructured level's time: the dense network's MACs at batch 256. */
    private static InferenceTime row(int level, double ms) {
        return new InferenceTime(level, 100, 266_200, 256, ms, 256_000 / ms, "PyTorch");
    }

    @Test
    public void refusesFoldersThatAreNotFinishedRuns() throws Exception {
        Path missing = run.resolveSibling("no-such-run");
        UserMistakeException e = expectThrows(UserMistakeException.class,
                () -> Report.builder().addRun(missing).build().write());
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
        assertFalse(Files.exists(missing));

        Path empty = Files.createTempDirectory("ltq-report-empty");
        e = expectThrows(UserMistakeException.class,
                () -> Report.builder().addRun(empty).build().write());
        assertTrue(e.getMessage().contains("no run.json"), e.getMessage());

        Path started = Files.createTempDirectory("ltq-report-started");
        Files.copy(run.resolve("run.json"), started.resolve("run.json"));
        Files.createDirectories(started.resolve("level_00"));
        e = expectThrows(UserMistakeException.class,
                () -> Report.builder().addRun(started).build().write());
        assertTrue(e.getMessage().contains("no finished level"), e.getMessage());
        assertFalse(Files.exists(started.resolve("report")));
    }

    /** Checks that a PNG decodes, has the charts' size and is not blank. */
    public static void assertDrawn(byte[] png, String name) throws IOException {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        assertTrue(image != null, name + " does not decode as an image");
        assertEquals(image.getWidth(), ChartStyle.WIDTH, name);
        assertEquals(image.getHeight(), ChartStyle.HEIGHT, name);
        Set<Integer> colours = new HashSet<>();
        long notWhite = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y) & 0xffffff;
                colours.add(rgb);
                if (rgb != 0xffffff) {
                    notWhite++;
                }
            }
        }
        // Text, axes, grid and coloured lines: many colours and a fair share of ink.
        assertTrue(colours.size() > 20, name + " has only " + colours.size() + " colours");
        assertTrue(notWhite > image.getWidth() * image.getHeight() / 100,
                name + " is almost blank");
        // At least one saturated colour: a data line or marker, not only grey text and axes.
        assertTrue(colours.stream().anyMatch(ReportTest::saturated), name + " has no data");
    }

    private static boolean saturated(int rgb) {
        int r = rgb >> 16 & 0xff;
        int g = rgb >> 8 & 0xff;
        int b = rgb & 0xff;
        return Math.max(r, Math.max(g, b)) - Math.min(r, Math.min(g, b)) > 100;
    }

    // Copies a run folder (without the trained weights, which reports do not read) and edits
    // its run.json.
    private static Path copy(Path from, String name, Consumer<JsonObject> edit)
            throws IOException {
        Path to = Files.createTempDirectory("ltq-report-copy").resolve(name);
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : files.toList()) {
                Path target = to.resolve(from.relativize(f).toString());
                if (f.startsWith(from.resolve("report")) || f.toString().endsWith(".params")) {
                    continue;
                }
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target);
                }
            }
        }
        JsonObject json = GSON.fromJson(Files.readString(to.resolve("run.json")),
                JsonObject.class);
        edit.accept(json);
        Files.writeString(to.resolve("run.json"), GSON.toJson(json));
        return to;
    }

    /** An ltq sweep folder: its runs one level below, in natural order, unfinished ones out. */
    @Test
    public void aFolderOfRunsStandsForItsRuns() throws Exception {
        Path sweep = Files.createTempDirectory("ltq-report-sweep");
        for (int seed : new int[] {10, 2}) {
            Path one = copy(run, "seed-" + seed,
                    json -> json.getAsJsonObject("config").getAsJsonObject("seeds")
                            .addProperty("initSeed", seed));
            KilledRunTest.copyTree(one, sweep.resolve("seed-" + seed));
        }
        // A run that has not finished its dense level yet, and a folder that is no run.
        Path started = sweep.resolve("seed-3");
        Files.createDirectories(started.resolve("level_00"));
        Files.copy(run.resolve("run.json"), started.resolve("run.json"));
        Files.createDirectories(sweep.resolve("notes"));

        Report report = Report.builder().addRun(sweep).build();
        assertEquals(report.page(), sweep.resolve("report").resolve(Report.PAGE));
        ReportData data = report.read();
        assertEquals(data.runs().stream().map(r -> r.root().getFileName().toString()).toList(),
                List.of("seed-2", "seed-10"));
        assertEquals(data.groups().size(), 1);
        assertEquals(data.groups().get(0).points(Variant.TICKET).get(0)
                .earlyStopAccuracy().count(), 2);
        assertTrue(RunFolders.natural("seed-2_rewind-10", "seed-10_rewind-0") < 0);
        assertTrue(RunFolders.natural("a-2", "a-2") == 0);

        // Nothing finished anywhere: the first run says so.
        Path fresh = Files.createTempDirectory("ltq-report-sweep");
        KilledRunTest.copyTree(started, fresh.resolve("seed-1"));
        UserMistakeException e = expectThrows(UserMistakeException.class,
                () -> Report.builder().addRun(fresh).build().read());
        assertTrue(e.getMessage().contains("no finished level"), e.getMessage());
    }

    @Test
    public void statisticsAndGroupLabels() {
        Stat s = Stat.of(0.8, 0.9, 0.7);
        assertEquals(s.mean(), 0.8, 1e-12);
        assertEquals(s.min(), 0.7);
        assertEquals(s.max(), 0.9);
        assertEquals(s.count(), 3);
        assertFalse(Stat.of(0.5).hasSpread());
        assertEquals(LotteryCharts.percent(100), "100");
        assertEquals(LotteryCharts.percent(51.27), "51.3");
        assertEquals(LotteryCharts.percent(7.0), "7.0");
        assertEquals(LotteryCharts.spread(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10), 6),
                List.of(0, 2, 4, 6, 8, 10));
        assertEquals(HtmlPage.esc("<a href=\"x\">&'"),
                "&lt;a href=&quot;x&quot;&gt;&amp;&#39;");
    }
}
