package io.ltq.experiments.compare;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;

import io.ltq.experiments.lottery.LevelSummary;
import io.ltq.experiments.lottery.LotteryConfig;
import io.ltq.experiments.lottery.LotteryExperiment;
import io.ltq.experiments.lottery.RunDirectory;
import io.ltq.experiments.lottery.RunListener;
import io.ltq.experiments.lottery.TinyRuns;
import io.ltq.mask.MaskSet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.testng.annotations.BeforeClass;
import org.testng.annotations.Test;

public class TicketDistancesAndComparisonTest {

    private final Map<String, Path> runs = new HashMap<>();

    static LotteryConfig config(String engine) {
        return new LotteryConfig("lenet300", "synthetic", engine, "cpu", 2, 30, 10, 32, "adam",
                1e-3, List.of(), 0, 0, 0.2, 0.2, 0.1, false, 0, true, false, 1, 2, 3, 200, 0,
                false);
    }

    @BeforeClass
    public void runBothEngines() throws Exception {
        for (String engine : List.of("PyTorch", "MXNet")) {
            Path out = Files.createTempDirectory("ltq-compare-" + engine);
            new LotteryExperiment(config(engine), TinyRuns.data(2),
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
                LevelSummary s = dir.readSummary(r.level(), LotteryExperiment.TICKET);
                // α = 1 is the ticket itself: its error is the run's final test error exactly.
                assertEquals(r.ticketTestError(), 1 - s.finalTestAccuracy(), 1e-12);
                assertEquals(r.weightsRemaining(), s.weightsRemaining(), 1e-9);
                assertTrue(r.l2() > 0 && r.relativeL2() > 0, r.toString());
                assertTrue(r.cosine() > 0 && r.cosine() < 1, r.toString());
                assertTrue(r.testBarrier() >= -1e-12, r.toString());
                // IMP masks are nested, so their overlap is the ratio of densities.
                MaskSet mine = dir.loadMasks(r.level(), LotteryExperiment.TICKET);
                MaskSet previous = dir.loadMasks(r.level() - 1, LotteryExperiment.TICKET);
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
                        && r.variant().equals(LotteryExperiment.TICKET))
                .findFirst().orElseThrow();
        double expected = mx.loadMasks(2, LotteryExperiment.TICKET)
                .jaccard(pt.loadMasks(2, LotteryExperiment.TICKET));
        assertEquals(mxLevel2.maskJaccardWithFirst(), expected, 1e-12);
        // The same θ0 on both engines (PortableInitializer): the masks agree far above the
        // chance level of independent initializations, d / (2 − d) ≈ 0.47 at 64% density.
        assertTrue(expected > 0.9, "masks of the same ticket on both engines: " + expected);

        Path csv = RunComparison.writeCsv(rows, Files.createTempDirectory("ltq-cmp"));
        assertEquals(Files.readAllLines(csv).size(), 1 + rows.size());
    }
}
