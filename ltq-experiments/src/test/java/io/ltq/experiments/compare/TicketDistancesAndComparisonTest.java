package io.ltq.experiments.compare;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertFalse;
import static org.testng.Assert.assertTrue;

import io.ltq.experiments.cli.Ltq;
import io.ltq.experiments.lottery.LevelSummary;
import io.ltq.experiments.lottery.LotteryConfig;
import io.ltq.experiments.lottery.KilledRunTest;
import io.ltq.experiments.lottery.NetworkSettings;
import io.ltq.experiments.lottery.PruningSettings;
import io.ltq.experiments.lottery.RunDirectory;
import io.ltq.experiments.lottery.RunListener;
import io.ltq.experiments.lottery.TinyRuns;
import io.ltq.experiments.lottery.Variant;
import io.ltq.experiments.report.ChartImage;
import io.ltq.experiments.report.Report;
import io.ltq.experiments.report.ReportTest;
import io.ltq.mask.MaskSet;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.testng.annotations.BeforeClass;
import org.testng.annotations.Test;

public class TicketDistancesAndComparisonTest {

    private final Map<String, Path> runs = new HashMap<>();

    static LotteryConfig config(String engine) {
        return TinyRuns.CONFIG
                .withNetwork(NetworkSettings.DEFAULTS.withEngine(engine))
                .withTraining(TinyRuns.training(30, 10))
                .withPruning(PruningSettings.DEFAULTS.withLevels(2).withControls(List.of("reinit")));
    }

    @BeforeClass
    public void runBothEngines() throws Exception {
        for (String engine : List.of("PyTorch", "MXNet")) {
            Path out = Files.createTempDirectory("ltq-compare-" + engine);
            TinyRuns.experiment(config(engine), TinyRuns.data(2),
                    new RunDirectory(out), RunListener.NONE).run();
            runs.put(engine, out);
        }
    }

    @Test
    public void ticketDistancesMeasureEveryTrainedLevel() throws Exception {
        for (Path out : runs.values()) {
            RunDirectory dir = new RunDirectory(out);
            List<TicketDistance> rows =
                    TicketDistances.builder()
                            .setRun(dir)
                            .setData(TinyRuns.data(2))
                            .optPoints(5)
                            .optTrainEvalSize(100)
                            .build()
                            .run();
            assertEquals(rows.stream().map(TicketDistance::level).toList(), List.of(1, 2));
            for (TicketDistance r : rows) {
                LevelSummary s = dir.readSummary(r.level(), Variant.TICKET);
                // α = 1 is the ticket itself: its error is the run's final test error exactly.
                assertEquals(r.ticketTestError(), 1 - s.finalTestAccuracy(), 1e-12);
                assertEquals(r.weightsRemaining(), s.weightsRemaining(), 1e-9);
                assertTrue(r.l2() > 0 && r.relativeL2() > 0, r.toString());
                assertTrue(r.cosine() > 0 && r.cosine() < 1, r.toString());
                assertTrue(r.testBarrier() >= -1e-12, r.toString());
                // IMP masks are nested, so their overlap is the ratio of densities.
                MaskSet mine = dir.loadMasks(r.level(), Variant.TICKET);
                MaskSet previous = dir.loadMasks(r.level() - 1, Variant.TICKET);
                assertEquals(r.jaccardWithPreviousLevel(),
                        (double) mine.countKept() / previous.countKept(), 1e-12);
            }
            assertEquals(Files.readAllLines(out.resolve("distances/distances.csv")).size(), 3);
            assertEquals(Files.readAllLines(out.resolve("distances/level_02_path.csv")).size(),
                    6);
        }
    }

    @Test
    public void comparisonPutsEnginesSideBySide() throws Exception {
        RunDirectory pt = new RunDirectory(runs.get("PyTorch"));
        RunDirectory mx = new RunDirectory(runs.get("MXNet"));
        RunComparison comparison = new RunComparison(List.of(pt, mx));
        assertEquals(comparison.settingDifferences(), List.of(List.of("engine: PyTorch → MXNet")));

        List<RunComparison.Row> rows = comparison.rows();
        // Three levels; the ticket on both engines, and the reinit control at levels 1 and 2.
        assertEquals(rows.size(), 3 * 2 + 2 * 2);
        for (RunComparison.Row r : rows) {
            assertTrue(r.msPerIteration() > 0, r.toString());
            if (r.engine().equals("PyTorch")) {
                assertEquals(r.maskJaccardWithFirst(), 1.0);
            }
        }
        RunComparison.Row mxLevel2 = rows.stream()
                .filter(r -> r.level() == 2 && r.engine().equals("MXNet")
                        && r.variant().equals(Variant.TICKET))
                .findFirst().orElseThrow();
        double expected = mx.loadMasks(2, Variant.TICKET)
                .jaccard(pt.loadMasks(2, Variant.TICKET));
        assertEquals(mxLevel2.maskJaccardWithFirst(), expected, 1e-12);
        // The same θ0 on both engines (PortableInitializer): the masks agree far above the
        // chance level of independent initializations, d / (2 − d) ≈ 0.47 at 64% density.
        assertTrue(expected > 0.9, "masks of the same ticket on both engines: " + expected);

        for (RunComparison.Row r : rows) {
            boolean ticket = r.variant().equals(Variant.TICKET);
            if (!ticket) {
                assertTrue(Double.isNaN(r.startDifferenceWithFirst()), r.toString());
                assertTrue(Double.isNaN(r.trainedDifferenceWithFirst()), r.toString());
            } else if (r.engine().equals("PyTorch")) {
                assertEquals(r.startDifferenceWithFirst(), 0.0, r.toString());
                assertEquals(r.trainedDifferenceWithFirst(), 0.0, r.toString());
            } else {
                // Every level starts from the same θ0 where both masks keep a weight; training
                // on two engines' kernels then parts the weights a little, never by NaN.
                assertEquals(r.startDifferenceWithFirst(), 0.0, r.toString());
                assertTrue(r.trainedDifferenceWithFirst() > 0
                        && r.trainedDifferenceWithFirst() < 1, r.toString());
            }
            RunComparison.Row first = rows.stream()
                    .filter(f -> f.level() == r.level() && f.variant().equals(r.variant())
                            && f.engine().equals("PyTorch"))
                    .findFirst().orElseThrow();
            assertEquals(r.accuracyDifferenceWithFirst(),
                    r.earlyStopTestAccuracy() - first.earlyStopTestAccuracy(), 0.0);
        }

        Path csv = RunComparison.writeCsv(rows, Files.createTempDirectory("ltq-cmp"));
        assertEquals(Files.readAllLines(csv).size(), 1 + rows.size());
    }

    /** A clone of committed runs: git leaves the NumPy twins out, the .params files are there. */
    @Test
    public void comparisonReadsTheParamsFilesWhereTheNumpyTwinsAreMissing() throws Exception {
        List<RunDirectory> clones = new ArrayList<>();
        for (String engine : List.of("PyTorch", "MXNet")) {
            Path clone = Files.createTempDirectory("ltq-clone-" + engine).resolve("run");
            KilledRunTest.copyTree(runs.get(engine), clone);
            List<Path> twins;
            try (Stream<Path> files = Files.walk(clone)) {
                twins = files.filter(f -> f.getFileName().toString().matches(
                        "(init|rewind|trained)\\.npz")).toList();
            }
            assertEquals(twins.size(), 4, "θ0 and three levels' trained weights: " + twins);
            for (Path twin : twins) {
                Files.delete(twin);
            }
            clones.add(new RunDirectory(clone));
        }
        List<RunComparison.Row> fromTwins = new RunComparison(List.of(
                new RunDirectory(runs.get("PyTorch")), new RunDirectory(runs.get("MXNet")))).rows();
        List<RunComparison.Row> fromParams = new RunComparison(clones).rows();
        assertEquals(fromParams.size(), fromTwins.size());
        for (int i = 0; i < fromTwins.size(); i++) {
            RunComparison.Row a = fromTwins.get(i);
            RunComparison.Row b = fromParams.get(i);
            // The same numbers, bit for bit; only the folders' names differ.
            assertEquals(Double.doubleToLongBits(b.startDifferenceWithFirst()),
                    Double.doubleToLongBits(a.startDifferenceWithFirst()), b.toString());
            assertEquals(Double.doubleToLongBits(b.trainedDifferenceWithFirst()),
                    Double.doubleToLongBits(a.trainedDifferenceWithFirst()), b.toString());
            assertEquals(b.maskJaccardWithFirst(), a.maskJaccardWithFirst());
            if (b.variant().equals(Variant.TICKET)) {
                assertFalse(Double.isNaN(b.trainedDifferenceWithFirst()), b.toString());
            }
        }
        // Read, not repaired: the clones still hold no twins.
        for (RunDirectory clone : clones) {
            try (Stream<Path> files = Files.walk(clone.root())) {
                assertEquals(files.filter(f -> f.toString().endsWith("trained.npz")).count(), 0L);
            }
        }
    }

    @Test
    public void ltqCompareShowsWeightDifferencesOfASharedSeedPair() throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Ltq.run(new String[] {"compare", runs.get("PyTorch").toString(),
                runs.get("MXNet").toString()}, new PrintWriter(out, true),
                new PrintWriter(err, true));
        assertEquals(code, 0, err.toString());
        String text = out.toString();
        assertTrue(text.contains("engine: PyTorch → MXNet"), text);
        assertTrue(text.contains("Δθ start"), text);
        // The MXNet ticket rows: start difference printed as an exact 0, the end as a number.
        List<String> mxTickets = text.lines()
                .filter(l -> l.contains(" ticket ") && l.contains("MXNet")).toList();
        assertEquals(mxTickets.size(), 3, text);
        for (String line : mxTickets) {
            String[] cols = line.trim().split("\\s+");
            assertEquals(cols[cols.length - 3], "0", line);
            assertTrue(cols[cols.length - 2].matches("\\d\\.\\d\\de-\\d+"), line);
        }
    }

    @Test
    public void reportShowsTheEngineComparison() throws Exception {
        Path dir = Files.createTempDirectory("ltq-compare-report");
        Report.Output out = Report.builder().addRun(runs.get("PyTorch"))
                .addRun(runs.get("MXNet")).optOut(dir).build().write();
        List<RunComparison.Row> mx = out.data().comparison().stream()
                .filter(r -> r.engine().equals("MXNet")
                        && r.variant().equals(Variant.TICKET)).toList();
        assertEquals(mx.size(), 3);
        for (RunComparison.Row r : mx) {
            assertEquals(r.startDifferenceWithFirst(), 0.0, r.toString());
            // 64% and 41% kept: independent masks would share d / (2 − d) of their union.
            assertTrue(r.level() == 0 || r.maskJaccardWithFirst() > r.chanceJaccardWithFirst(),
                    r.toString());
        }
        assertEquals(mx.get(1).chanceJaccardWithFirst(),
                RunComparison.chanceJaccard(
                        new RunDirectory(runs.get("PyTorch")).loadMasks(1, Variant.TICKET),
                        new RunDirectory(runs.get("MXNet")).loadMasks(1, Variant.TICKET)), 1e-15);
        String html = Files.readString(out.page());
        assertTrue(html.contains("Against the first run"), html);
        assertTrue(html.contains("max |Δθ| at start"), html);
        assertEquals(Files.readAllLines(dir.resolve("comparison.csv")).size(),
                1 + out.data().comparison().size());
        ChartImage chart = out.data().comparisonCharts().get(0);
        assertEquals(chart.fileName(), "mask_agreement.png");
        ReportTest.assertDrawn(Files.readAllBytes(dir.resolve(chart.fileName())),
                chart.fileName());
    }

    /** A level whose weights were deleted (say, to save space) compares without them. */
    @Test
    public void aLevelWithoutWeightsComparesWithoutItsDifference() throws Exception {
        Path trimmed = Files.createTempDirectory("ltq-compare-trimmed");
        KilledRunTest.copyTree(runs.get("MXNet"), trimmed);
        Files.delete(trimmed.resolve("level_01/trained.params"));
        Files.delete(trimmed.resolve("level_01/trained.npz"));
        List<RunComparison.Row> rows = new RunComparison(
                List.of(new RunDirectory(runs.get("PyTorch")), new RunDirectory(trimmed))).rows();
        int tickets = 0;
        for (RunComparison.Row r : rows) {
            if (r.run().equals(trimmed.getFileName().toString())
                    && r.variant().equals(Variant.TICKET)) {
                tickets++;
                assertEquals(r.startDifferenceWithFirst(), 0.0, r.toString());
                assertEquals(Double.isNaN(r.trainedDifferenceWithFirst()), r.level() == 1,
                        r.toString());
            }
        }
        assertEquals(tickets, 3);
    }
}
