package io.ltq.experiments.report;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;

import io.ltq.experiments.lottery.LevelSummary;
import io.ltq.experiments.lottery.LotteryConfig;
import io.ltq.experiments.lottery.SeedSettings;
import io.ltq.experiments.lottery.Variant;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.testng.annotations.Test;

/**
 * Groups against the first group at the same weights remaining, against values worked out by
 * hand: the first group read between its levels in log(weights), seeds paired by their settings,
 * nothing extrapolated and no other network compared.
 */
public class ConfigurationComparisonTest {

    // Halfway between 80% and 64% in log(weights): √(80 · 64).
    private static final double MIDDLE = Math.sqrt(80 * 64);

    @Test
    public void ticketsAreComparedAtTheSameWeightsSeedBySeed() {
        // Reference seeds 1 and 2: 90/88/85% and 91/89/83% at 100/80/64% of the weights; halfway
        // in log(weights) that reads 86.5% and 86%.
        RunGroup reference = new RunGroup("weights", List.of(
                run("lenet300", 1, List.of(point(0, 100, 0.90), point(1, 80, 0.88),
                        point(2, 64, 0.85))),
                run("lenet300", 2, List.of(point(0, 100, 0.91), point(1, 80, 0.89),
                        point(2, 64, 0.83)))));
        // Seed 1 at 87% (+0.5 points), seed 2 at 85% (−1 point); seed 9 has no reference run.
        // Level 2 keeps 50%, below the reference's 64%: not compared.
        RunGroup neurons = new RunGroup("neurons", List.of(
                run("lenet300", 1, List.of(point(0, 100, 0.90), point(1, MIDDLE, 0.87),
                        point(2, 50, 0.86))),
                run("lenet300", 2, List.of(point(0, 100, 0.91), point(1, MIDDLE, 0.85),
                        point(2, 50, 0.84))),
                run("lenet300", 9, List.of(point(0, 100, 0.90), point(1, MIDDLE, 0.10)))));
        RunGroup otherNetwork = new RunGroup("conv2", List.of(
                run("conv2", 1, List.of(point(0, 100, 0.9), point(1, 80, 0.9))),
                run("conv2", 2, List.of(point(0, 100, 0.9), point(1, 80, 0.9)))));

        List<ConfigurationComparison> out = ConfigurationComparison.of(
                List.of(reference, neurons, otherNetwork));

        assertEquals(out.size(), 1, out.toString());
        ConfigurationComparison c = out.get(0);
        assertEquals(c.group(), "neurons");
        assertEquals(c.reference(), "weights");
        assertEquals(c.level(), 1);
        assertEquals(c.weightsRemaining(), MIDDLE, 1e-9);
        assertEquals(c.test().count(), 2);
        assertEquals(c.test().differences()[0], 0.5, 1e-9);
        assertEquals(c.test().differences()[1], -1.0, 1e-9);
        assertEquals(c.test().mean(), -0.25, 1e-9);
    }

    @Test
    public void interpolationHitsLevelsExactlyAndStopsAtTheEnds() {
        List<LevelSummary> curve = List.of(point(0, 100, 0.90), point(1, 80, 0.88),
                point(2, 64, 0.85));
        assertEquals(ConfigurationComparison.interpolate(curve, 80), 0.88);
        assertEquals(ConfigurationComparison.interpolate(curve, 64), 0.85);
        assertEquals(ConfigurationComparison.interpolate(curve, MIDDLE), 0.865, 1e-12);
        assertTrue(Double.isNaN(ConfigurationComparison.interpolate(curve, 63.9)));
        assertTrue(Double.isNaN(ConfigurationComparison.interpolate(curve, 100.1)));
    }

    @Test
    public void oneGroupHasNothingToCompare() {
        RunGroup only = new RunGroup("", List.of(
                run("lenet300", 1, List.of(point(0, 100, 0.9), point(1, 80, 0.9)))));
        assertTrue(ConfigurationComparison.of(List.of(only)).isEmpty());
    }

    private static RunRecord run(String model, long seed, List<LevelSummary> tickets) {
        LotteryConfig config = LotteryConfig.DEFAULTS
                .withNetwork(LotteryConfig.DEFAULTS.network().withModel(model))
                .withSeeds(SeedSettings.DEFAULTS.withInitSeed(seed));
        return new RunRecord(Path.of(model + "-seed-" + seed), config, Map.of(),
                new ArrayList<>(tickets), Map.of(), List.of(), List.of(), List.of(), List.of());
    }

    private static LevelSummary point(int level, double remaining, double accuracy) {
        return new LevelSummary(level, Variant.TICKET, remaining, 0, 0, Map.of(), 0, 0,
                accuracy, accuracy, 0, 0, 0, 0, null);
    }
}
