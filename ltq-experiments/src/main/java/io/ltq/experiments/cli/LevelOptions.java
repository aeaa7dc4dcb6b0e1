package io.ltq.experiments.cli;

import io.ltq.experiments.UserMistakeException;
import io.ltq.experiments.lottery.Preset;
import java.util.Locale;
import picocli.CommandLine.Option;

/**
 * How many levels a run prunes and at which per-level rates, shared by {@code ltq lottery} and
 * {@code ltq oneshot}. Fields are named after the settings they set (see {@link RunOptions#FLAGS}).
 */
final class LevelOptions {

    /** Levels when neither {@code --levels} nor {@code --until-density} is given. */
    static final int DEFAULT_LEVELS = 20;

    @Option(names = "--levels", description = "Pruning levels after the dense one (default: "
            + DEFAULT_LEVELS + ").")
    Integer levels;

    @Option(names = "--until-density", description = "Instead of --levels: prune level after"
            + " level until the layers pruned fastest keep at most this fraction of their"
            + " weights, e.g. 0.02 (18 levels at 20%% per level).")
    Double untilDensity;

    @Option(names = "--prune-rate", description = "One per-level rate for the network:"
            + " convolutions and fully connected layers at it, the output layer at half of it,"
            + " as the paper prunes (instead of --prune-dense, --prune-conv and --prune-output).")
    Double pruneRate;

    @Option(names = "--prune-dense", description = "Per-level rate of fully connected layers.")
    Double pruneDense;

    @Option(names = "--prune-conv", description = "Per-level rate of convolutions.")
    Double pruneConv;

    @Option(names = "--prune-output", description = "Per-level rate of the output layer.")
    Double pruneOutput;

    /** Whether any option of this group was given. */
    boolean anyGiven() {
        return levels != null || untilDensity != null || pruneRate != null || pruneDense != null
                || pruneConv != null || pruneOutput != null;
    }

    /**
     * Returns the per-level rates: those given, the preset's for the rest.
     *
     * @param preset the network's setup
     * @return the rates
     * @throws UserMistakeException when {@code --prune-rate} is given beside a layer's own rate
     */
    LayerRates rates(Preset preset) {
        if (pruneRate != null) {
            if (pruneDense != null || pruneConv != null || pruneOutput != null) {
                throw new UserMistakeException("--prune-rate sets every layer's rate, so it"
                        + " cannot go with --prune-dense, --prune-conv or --prune-output: give"
                        + " either --prune-rate or the layers' own rates.");
            }
            return new LayerRates(pruneRate, pruneRate, pruneRate / 2);
        }
        return new LayerRates(
                pruneDense != null ? pruneDense : preset.pruneDense(),
                pruneConv != null ? pruneConv : preset.pruneConv(),
                pruneOutput != null ? pruneOutput : preset.pruneOutput());
    }

    /**
     * Returns the number of levels: {@code --levels}, or the fewest after which the fastest
     * per-level rate leaves at most {@code --until-density}.
     *
     * @param rates the per-level rates
     * @return the levels
     * @throws UserMistakeException when both are given or the density is outside (0, 1)
     */
    int levels(LayerRates rates) {
        if (untilDensity == null) {
            return levels != null ? levels : DEFAULT_LEVELS;
        }
        if (levels != null) {
            throw new UserMistakeException("--levels and --until-density both set the number of"
                    + " levels: give one of them.");
        }
        if (!(untilDensity > 0 && untilDensity < 1)) {
            throw new UserMistakeException("--until-density " + untilDensity + " is outside"
                    + " (0, 1): give the fraction of weights to end at, e.g. 0.02.");
        }
        double fastest = Math.max(rates.dense(), Math.max(rates.conv(), rates.output()));
        if (!(fastest > 0 && fastest < 1)) {
            // PruningSettings names the rate that is out of range.
            return DEFAULT_LEVELS;
        }
        // The tolerance keeps an exact power (0.2 per level to 0.04) from one level too many.
        double exact = Math.log(untilDensity) / Math.log(1 - fastest);
        return (int) Math.max(1, Math.ceil(exact - 1e-9));
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "levels=%s until=%s rate=%s", levels, untilDensity,
                pruneRate);
    }
}
