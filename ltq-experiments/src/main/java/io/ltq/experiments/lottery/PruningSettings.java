package io.ltq.experiments.lottery;

import static io.ltq.experiments.lottery.InvalidSettingException.check;

import io.ltq.prune.LayerKind;
import io.ltq.prune.PruningScope;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How a run prunes, rewinds and controls: the per-level rates, one threshold or one per layer,
 * the number of levels, the rewind step, the controls trained on every level's mask and the
 * pruning strategy. {@link #DEFAULTS} holds the paper's LeNet setup; {@code withX} methods give
 * a copy with one setting changed.
 *
 * @param pruneDense fraction of the remaining fully connected weights pruned per level
 * @param pruneConv fraction of the remaining convolution weights pruned per level
 * @param pruneOutput fraction of the remaining output-layer weights pruned per level
 * @param scope one threshold per tensor or one across them
 * @param levels pruning levels after the dense level 0
 * @param rewindStep the step k the survivors are reset to (0: the original lottery ticket)
 * @param controls the {@link Control}s trained on every pruned level's mask, by name, in the
 *     order they train (the bundled ones: {@code reinit}, {@code random_prune})
 * @param pruner the {@link PruningStrategy} by name ({@code magnitude}, or a class name)
 * @param schedule whether each level prunes its own trained weights or the dense network's
 */
public record PruningSettings(
        double pruneDense,
        double pruneConv,
        double pruneOutput,
        PruningScope scope,
        int levels,
        long rewindStep,
        List<String> controls,
        String pruner,
        PruningSchedule schedule) {

    /** The bundled controls, in the order a run trains them. */
    public static final List<String> BOTH_CONTROLS =
            List.of(Variant.REINIT.name(), Variant.RANDOM_PRUNE.name());

    /**
     * LeNet-300-100's setup: 20% of fully connected and convolution weights and 10% of the output
     * layer per level, layerwise, 20 levels, rewind to θ0, both controls, magnitude pruning.
     */
    public static final PruningSettings DEFAULTS = new PruningSettings(0.2, 0.2, 0.1,
            PruningScope.LAYERWISE, 20, 0, BOTH_CONTROLS, MagnitudeStrategy.NAME,
            PruningSchedule.ITERATIVE);

    /**
     * Checks the settings; no controls, the magnitude pruner and the iterative schedule where
     * {@code run.json} files from before these settings leave them out.
     */
    public PruningSettings {
        Objects.requireNonNull(scope, "scope");
        controls = List.copyOf(controls == null ? List.of() : controls);
        pruner = pruner == null ? MagnitudeStrategy.NAME : pruner;
        schedule = schedule == null ? PruningSchedule.ITERATIVE : schedule;
        fraction("pruneDense", pruneDense);
        fraction("pruneConv", pruneConv);
        fraction("pruneOutput", pruneOutput);
        check(pruneDense > 0 || pruneConv > 0 || pruneOutput > 0,
                "Every pruning rate is 0, so nothing would be pruned: set {pruneDense},"
                        + " {pruneConv} or {pruneOutput} above 0.");
        check(levels >= 0, "{levels} must be 0 or more, got " + levels + ".");
        check(rewindStep >= 0, "{rewindStep} must be 0 or more, got " + rewindStep + ".");
        check(controls.stream().distinct().count() == controls.size(),
                "{controls} names a control twice (" + controls + "): give each once.");
    }

    private static void fraction(String name, double value) {
        check(value >= 0 && value < 1,
                "{" + name + "} must be a fraction in [0, 1), got " + value + ": give the share"
                        + " of the remaining weights to prune per level, e.g. 0.2 (0 leaves those"
                        + " layers unpruned).");
    }

    /**
     * Returns a copy with other per-level rates.
     *
     * @param dense fully connected layers' rate
     * @param conv convolutions' rate
     * @param output the output layer's rate
     * @return the new settings
     */
    public PruningSettings withRates(double dense, double conv, double output) {
        return new PruningSettings(dense, conv, output, scope, levels, rewindStep, controls,
                pruner, schedule);
    }

    /**
     * Returns a copy with another scope.
     *
     * @param newScope layerwise or global
     * @return the new settings
     */
    public PruningSettings withScope(PruningScope newScope) {
        return new PruningSettings(pruneDense, pruneConv, pruneOutput, newScope, levels,
                rewindStep, controls, pruner, schedule);
    }

    /**
     * Returns a copy with another number of levels.
     *
     * @param newLevels the number of pruning levels
     * @return the new settings
     */
    public PruningSettings withLevels(int newLevels) {
        return new PruningSettings(pruneDense, pruneConv, pruneOutput, scope, newLevels,
                rewindStep, controls, pruner, schedule);
    }

    /**
     * Returns a copy with another rewind step.
     *
     * @param k the step survivors are reset to
     * @return the new settings
     */
    public PruningSettings withRewindStep(long k) {
        return new PruningSettings(pruneDense, pruneConv, pruneOutput, scope, levels, k,
                controls, pruner, schedule);
    }

    /**
     * Returns a copy with other controls.
     *
     * @param newControls the controls' names, in training order; empty for none
     * @return the new settings
     */
    public PruningSettings withControls(List<String> newControls) {
        return new PruningSettings(pruneDense, pruneConv, pruneOutput, scope, levels,
                rewindStep, newControls, pruner, schedule);
    }

    /**
     * Returns a copy with another pruning strategy.
     *
     * @param newPruner the strategy's name
     * @return the new settings
     */
    public PruningSettings withPruner(String newPruner) {
        return new PruningSettings(pruneDense, pruneConv, pruneOutput, scope, levels,
                rewindStep, controls, newPruner, schedule);
    }

    /**
     * Returns a copy with another schedule.
     *
     * @param newSchedule iterative or one-shot
     * @return the new settings
     */
    public PruningSettings withSchedule(PruningSchedule newSchedule) {
        return new PruningSettings(pruneDense, pruneConv, pruneOutput, scope, levels,
                rewindStep, controls, pruner, newSchedule);
    }

    /**
     * Returns the variants a pruned level trains: the ticket, then each control.
     *
     * @return the variants in training order
     */
    public List<Variant> variants() {
        List<Variant> out = new ArrayList<>();
        out.add(Variant.TICKET);
        controls.forEach(c -> out.add(Variant.ofControl(c)));
        return out;
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
