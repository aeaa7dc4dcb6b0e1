package io.ltq.experiments.lottery;

import static io.ltq.experiments.lottery.InvalidSettingException.check;

import io.ltq.prune.LayerKind;
import io.ltq.prune.MagnitudePruner;
import io.ltq.prune.Pruner;
import io.ltq.prune.PruningScope;
import java.util.Objects;

/**
 * How a run prunes, rewinds and controls: the per-level rates, one threshold or one per layer,
 * the number of levels, the rewind step and the controls trained on every level's mask.
 *
 * @param pruneDense fraction of the remaining fully connected weights pruned per level
 * @param pruneConv fraction of the remaining convolution weights pruned per level
 * @param pruneOutput fraction of the remaining output-layer weights pruned per level
 * @param scope one threshold per tensor or one across them
 * @param levels pruning levels after the dense level 0
 * @param rewindStep the step k the survivors are reset to (0: the original lottery ticket)
 * @param reinitControl also train each level's mask from a fresh random initialization
 * @param randomPruneControl also train a random mask of each level's per-layer sparsity
 */
public record PruningSettings(
        double pruneDense,
        double pruneConv,
        double pruneOutput,
        PruningScope scope,
        int levels,
        long rewindStep,
        boolean reinitControl,
        boolean randomPruneControl) {

    /** Checks the settings. */
    public PruningSettings {
        Objects.requireNonNull(scope, "scope");
        fraction("pruneDense", pruneDense);
        fraction("pruneConv", pruneConv);
        fraction("pruneOutput", pruneOutput);
        check(pruneDense > 0 || pruneConv > 0 || pruneOutput > 0,
                "Every pruning rate is 0, so nothing would be pruned: set {pruneDense},"
                        + " {pruneConv} or {pruneOutput} above 0.");
        check(levels >= 0, "{levels} must be 0 or more, got " + levels + ".");
        check(rewindStep >= 0, "{rewindStep} must be 0 or more, got " + rewindStep + ".");
    }

    private static void fraction(String name, double value) {
        check(value >= 0 && value < 1,
                "{" + name + "} must be a fraction in [0, 1), got " + value + ": give the share"
                        + " of the remaining weights to prune per level, e.g. 0.2 (0 leaves those"
                        + " layers unpruned).");
    }

    /**
     * Returns the same settings with another number of levels.
     *
     * @param newLevels the number of pruning levels
     * @return the new settings
     */
    public PruningSettings withLevels(int newLevels) {
        return new PruningSettings(pruneDense, pruneConv, pruneOutput, scope, newLevels,
                rewindStep, reinitControl, randomPruneControl);
    }

    /**
     * Returns the magnitude pruner these settings describe.
     *
     * @return a pruner with the per-kind rates and the scope
     */
    public Pruner pruner() {
        return MagnitudePruner.builder()
                .optFraction(LayerKind.DENSE, pruneDense)
                .optFraction(LayerKind.CONV, pruneConv)
                .optFraction(LayerKind.OUTPUT, pruneOutput)
                .optScope(scope)
                .build();
    }

    /**
     * Returns the rate of one kind of layer.
     *
     * @param kind the kind
     * @return its per-level rate; 0 for {@link LayerKind#OTHER}
     */
    public double rate(LayerKind kind) {
        return switch (kind) {
            case DENSE -> pruneDense;
            case CONV -> pruneConv;
            case OUTPUT -> pruneOutput;
            case OTHER -> 0;
        };
    }
}
