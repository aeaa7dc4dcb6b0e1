package io.ltq.experiments.cli;

import static org.testng.Assert.assertEquals;

import io.ltq.experiments.lottery.Preset;
import org.testng.annotations.Test;

/** --prune-rate and --until-density give the rates and levels of the pruning-rate study. */
public class LevelOptionsTest {

    private static int levelsFor(double rate) {
        LevelOptions o = new LevelOptions();
        o.pruneRate = rate;
        o.untilDensity = 0.02;
        return o.levels(o.rates(Preset.DEFAULT));
    }

    @Test
    public void untilDensityCountsTheLevelsTheFastestRateNeeds() {
        // 0.8^18 = 1.80% (0.8^17 = 2.25%), 0.6^8 = 1.68%, 0.4^5 = 1.02%, 0.2^3 = 0.8%.
        assertEquals(levelsFor(0.2), 18);
        assertEquals(levelsFor(0.4), 8);
        assertEquals(levelsFor(0.6), 5);
        assertEquals(levelsFor(0.8), 3);
        // An exact power is reached, not passed: 0.2^2 = 0.04.
        LevelOptions exact = new LevelOptions();
        exact.pruneRate = 0.8;
        exact.untilDensity = 0.04;
        assertEquals(exact.levels(exact.rates(Preset.DEFAULT)), 2);
    }

    @Test
    public void pruneRateHalvesTheOutputLayer() {
        LevelOptions o = new LevelOptions();
        o.pruneRate = 0.4;
        assertEquals(o.rates(Preset.DEFAULT), new LayerRates(0.4, 0.4, 0.2));
        assertEquals(o.levels(o.rates(Preset.DEFAULT)), LevelOptions.DEFAULT_LEVELS);
    }
}
