package io.ltq.experiments.report;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertNull;
import static org.testng.Assert.assertTrue;

import io.ltq.experiments.lottery.LevelSummary;
import io.ltq.experiments.lottery.LotteryConfig;
import io.ltq.experiments.lottery.SeedSettings;
import io.ltq.experiments.lottery.Variant;
import io.ltq.experiments.report.PairedComparison.Metric;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.testng.annotations.Test;

/**
 * The report's statistics against values worked out by hand: the mean and sample standard
 * deviation of the differences, t = mean / (sd / √n), and the p-values of Student's t table and
 * of the binomial distribution (cross-checked with SciPy's ttest_1samp and binomtest).
 */
public class SeedStatisticsTest {

    private static final double EPS = 1e-9;

    @Test
    public void pairedTestOfTheIssuesExample() {
        // Seeds' ticket − dense at 3.6%: −0.56, +0.18, +0.22 points. Mean −0.16/3; deviations
        // −0.50667, 0.23333, 0.27333; sd = √(0.385867/2) = 0.439242; t = −0.053333/(0.439242/√3)
        // = −0.210308; two-sided p with 2 degrees of freedom = 0.852907.
        PairedTest t = PairedTest.of(-0.56, 0.18, 0.22);
        assertEquals(t.mean(), -0.16 / 3, EPS);
        assertEquals(t.min(), -0.56);
        assertEquals(t.max(), 0.22);
        assertEquals(t.t(), -0.21030796518712083, 1e-12);
        assertEquals(t.p(), 0.8529073737294155, 1e-12);
        assertEquals(t.positive(), 2);
        assertEquals(t.negative(), 1);
        assertEquals(t.signP(), 1.0, EPS);
    }

    @Test
    public void pairedTestOfFiveSeeds() {
        // Mean 1.6, sd = √(3.7/4) = 0.961769, t = 1.6/(0.961769/√5) = 3.719924, 4 df: p = 0.020476.
        PairedTest t = PairedTest.of(1.5, 2.0, 0.5, 3.0, 1.0);
        assertEquals(t.t(), 3.7199244398022175, 1e-12);
        assertEquals(t.p(), 0.020475874420910672, 1e-12);
        // Five of five positive: 2 · 1/32.
        assertEquals(t.signP(), 0.0625, EPS);
    }

    @Test
    public void studentTailMatchesTheTable() {
        // The 97.5% quantiles of Student's t give p = 0.05 for every number of degrees of freedom.
        assertEquals(PairedTest.twoSidedStudentP(12.706204736, 1), 0.05, 1e-9);
        assertEquals(PairedTest.twoSidedStudentP(4.30265273, 2), 0.05, 1e-9);
        assertEquals(PairedTest.twoSidedStudentP(3.18244631, 3), 0.05, 1e-9);
        assertEquals(PairedTest.twoSidedStudentP(2.7764451, 4), 0.05, 1e-9);
        assertEquals(PairedTest.twoSidedStudentP(1.0, 9), 0.3434363961379136, 1e-12);
        assertEquals(PairedTest.twoSidedStudentP(0.5, 10), 0.627893605742973, 1e-12);
        assertEquals(PairedTest.twoSidedStudentP(0, 3), 1.0, EPS);
    }

    @Test
    public void signTestCannotGoBelowAQuarterWithThreeSeeds() {
        assertEquals(PairedTest.signTestP(3, 0), 0.25, EPS);
        assertEquals(PairedTest.signTestP(0, 3), 0.25, EPS);
        // 4 of 5: 2 · (1 + 5)/32.
        assertEquals(PairedTest.signTestP(4, 1), 0.375, EPS);
        assertEquals(PairedTest.signTestP(0, 0), 1.0, EPS);
    }

    @Test
    public void equalDifferencesHaveNoNoise() {
        PairedTest same = PairedTest.of(2, 2, 2);
        assertEquals(same.t(), Double.POSITIVE_INFINITY);
        assertEquals(same.p(), 0.0);
        PairedTest none = PairedTest.of(0, 0);
        assertEquals(none.p(), 1.0);
        assertTrue(Double.isNaN(PairedTest.of(1.0).p()), "one seed has no test");
    }

    @Test
    public void readingUsesTheDenseSeedsAsTolerance() {
        double[] dense = {88.0, 89.0, 90.0};
        // Every seed below its own dense network, though the mean is inside the dense range.
        assertEquals(Reading.of(new double[] {87.9, 88.9, 89.9}, dense), Reading.BELOW);
        // Mean 87.5 below the lowest dense seed, though seed 3 is above its own.
        assertEquals(Reading.of(new double[] {85.0, 86.5, 91.0}, dense), Reading.BELOW);
        assertEquals(Reading.of(new double[] {88.5, 88.5, 90.5}, dense), Reading.WITHIN);
        assertEquals(Reading.of(new double[] {88.1, 89.1, 90.1}, dense), Reading.ABOVE);
        assertEquals(Reading.of(new double[] {90.5, 90.5, 90.5}, dense), Reading.ABOVE);
        assertNull(Reading.of(new double[] {80}, new double[] {90}));
    }

    @Test
    public void groupsArePairedSeedBySeedAndLevelByLevel() {
        // Three seeds, dense at 88/89/90%; level 1 ticket +1 point each; level 2 ticket −1 on
        // seeds 1 and 2, +0.5 on seed 3; reinit at level 1 one point below dense each; seed 3
        // has not trained level 2's reinit, so that pair has two seeds.
        List<RunRecord> runs = new ArrayList<>();
        double[] dense = {0.88, 0.89, 0.90};
        double[] level2 = {-0.01, -0.01, 0.005};
        for (int s = 0; s < 3; s++) {
            List<LevelSummary> sums = new ArrayList<>();
            sums.add(summary(0, Variant.TICKET, 100, 5000 + 1000 * s, dense[s]));
            sums.add(summary(1, Variant.TICKET, 80, 4000 + 1000 * s, dense[s] + 0.01));
            sums.add(summary(1, Variant.REINIT, 80, 6000 + 1000 * s, dense[s] - 0.01));
            sums.add(summary(2, Variant.TICKET, 64, 3000, dense[s] + level2[s]));
            if (s < 2) {
                sums.add(summary(2, Variant.REINIT, 64, 7000, dense[s] - 0.02));
            }
            LotteryConfig config = LotteryConfig.DEFAULTS.withPruning(LotteryConfig.DEFAULTS
                    .pruning().withControls(List.of("reinit")))
                    .withSeeds(SeedSettings.DEFAULTS.withInitSeed(s + 1));
            runs.add(new RunRecord(Path.of("seed-" + (s + 1)), config, Map.of(), sums, Map.of(),
                    List.of(), List.of(), List.of(), List.of()));
        }
        SeedStatistics stats = SeedStatistics.of(new RunGroup("", runs));
        List<PairedComparison> ticket = stats.series(Metric.ACCURACY, Variant.TICKET, null);
        assertEquals(ticket.size(), 2);
        assertEquals(ticket.get(0).test().mean(), 1.0, 1e-9);
        assertEquals(ticket.get(0).reading(), Reading.ABOVE);
        assertEquals(ticket.get(1).test().mean(), -0.5, 1e-9);
        // Mean 88.5 is within 88–90 and seed 3 is above its own: within dense.
        assertEquals(ticket.get(1).reading(), Reading.WITHIN);
        List<PairedComparison> reinit = stats.series(Metric.ACCURACY, Variant.REINIT, null);
        assertEquals(reinit.get(0).reading(), Reading.BELOW);
        assertEquals(SeedStatistics.firstBelow(reinit).level(), 1);
        assertEquals(reinit.get(1).test().count(), 2);
        List<PairedComparison> vsReinit = stats.series(Metric.ACCURACY, Variant.TICKET,
                Variant.REINIT);
        assertEquals(vsReinit.get(0).test().mean(), 2.0, 1e-9);
        assertNull(vsReinit.get(0).reading());
        assertEquals(vsReinit.get(0).comparison(), "ticket − reinit");
        // Early stops: the ticket 1000 iterations before its dense network at level 1, and 2000,
        // 3000 and 4000 before at level 2: every seed earlier at both levels.
        List<PairedComparison> stops = stats.series(Metric.EARLY_STOP, Variant.TICKET, null);
        assertEquals(stops.get(1).test().mean(), -3000, 1e-9);
        assertEquals(SeedStatistics.longestAgreement(stops, false).size(), 2);
        assertEquals(SeedStatistics.longestAgreement(ticket, true).size(), 1);
        assertEquals(stats.kinds(Metric.ACCURACY).size(), 3);
    }

    private static LevelSummary summary(int level, Variant v, double remaining, long stop,
            double accuracy) {
        return new LevelSummary(level, v, remaining, 0, 0, Map.of(), 0, stop, accuracy,
                accuracy, 0, 0, 0, 0, null);
    }
}
