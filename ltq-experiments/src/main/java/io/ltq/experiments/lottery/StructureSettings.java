package io.ltq.experiments.lottery;

import static io.ltq.experiments.lottery.InvalidSettingException.check;

import io.ltq.djl.structure.ResidualChannels;
import io.ltq.djl.structure.UnitKind;
import io.ltq.prune.structured.StructuredPruner;
import java.util.List;
import java.util.Locale;

/**
 * What a level prunes — single weights, or whole neurons or channels — and how a structured
 * ticket is scored, bounded and trained. {@link #DEFAULTS} is unstructured pruning, as every run
 * before structured tickets; a {@code run.json} without this group reads as it.
 *
 * @param structure {@code weights} (unstructured), {@code neurons} (hidden Linear units) or
 *     {@code channels} (convolution filters)
 * @param unitNorm how a unit is scored: {@code l1} (Li et al. 2017) or {@code l2}, the norm of
 *     its own weights
 * @param minWidth the fewest units a layer keeps
 * @param widthMultiple widths kept are rounded up to a multiple of this (1: no rounding)
 * @param compactTraining whether a structured level trains the physically smaller network
 *     rather than the masked dense one
 * @param scratchBudgetCap Scratch-B trains for iterations × FLOPs(dense) / FLOPs(pruned), at most
 *     this many times the run's iterations
 * @param residualChannels in residual networks, {@code inner} (only the channels inside each
 *     block, Li et al. 2017) or {@code shared} (also each stage's channels the additions join)
 */
public record StructureSettings(
        String structure,
        String unitNorm,
        int minWidth,
        int widthMultiple,
        boolean compactTraining,
        double scratchBudgetCap,
        String residualChannels) {

    /** The structures {@code --structure} takes. */
    public static final List<String> STRUCTURES = List.of("weights", "neurons", "channels");

    /** Unstructured pruning; for structured runs L1 scores, widths of 1 or more, compact training, Scratch-B at most 5 × the iterations. */
    public static final StructureSettings DEFAULTS =
            new StructureSettings("weights", "l1", 1, 1, true, 5.0, "inner");

    /** Checks the settings. */
    public StructureSettings {
        structure = structure == null ? "weights" : structure.toLowerCase(Locale.ROOT);
        unitNorm = unitNorm == null ? "l1" : unitNorm.toLowerCase(Locale.ROOT);
        residualChannels = residualChannels == null ? "inner"
                : residualChannels.toLowerCase(Locale.ROOT);
        check(STRUCTURES.contains(structure), "{structure} is weights, neurons or channels, not '"
                + structure + "'.");
        check(unitNorm.equals("l1") || unitNorm.equals("l2"),
                "{unitNorm} is l1 or l2, not '" + unitNorm + "'.");
        check(minWidth >= 1, "{minWidth} must be 1 or more, got " + minWidth + ".");
        check(widthMultiple >= 1, "{widthMultiple} must be 1 or more, got " + widthMultiple
                + ".");
        check(residualChannels.equals("inner") || residualChannels.equals("shared"),
                "{residualChannels} is inner or shared, not '" + residualChannels + "'.");
        check(scratchBudgetCap >= 1, "{scratchBudgetCap} must be 1 or more (a multiple of the"
                + " run's iterations), got " + scratchBudgetCap + ".");
    }

    /**
     * Returns whether levels prune whole units.
     *
     * @return {@code false} for {@code weights}
     */
    public boolean isStructured() {
        return !structure.equals("weights");
    }

    /**
     * Returns the units a structured run prunes.
     *
     * @return neurons or channels
     * @throws IllegalStateException for an unstructured run
     */
    public UnitKind unitKind() {
        if (!isStructured()) {
            throw new IllegalStateException("An unstructured run prunes no units.");
        }
        return UnitKind.valueOf(structure.toUpperCase(Locale.ROOT));
    }

    /**
     * Returns which channels of residual blocks are pruned.
     *
     * @return inner or shared
     */
    public ResidualChannels residual() {
        return ResidualChannels.valueOf(residualChannels.toUpperCase(Locale.ROOT));
    }

    /**
     * Returns the norm a unit is scored by.
     *
     * @return L1 or L2
     */
    public StructuredPruner.Norm norm() {
        return StructuredPruner.Norm.valueOf(unitNorm.toUpperCase(Locale.ROOT));
    }

    /**
     * Returns a copy with another structure.
     *
     * @param value {@code weights}, {@code neurons} or {@code channels}
     * @return the new settings
     */
    public StructureSettings withStructure(String value) {
        return new StructureSettings(value, unitNorm, minWidth, widthMultiple, compactTraining,
                scratchBudgetCap, residualChannels);
    }

    /**
     * Returns a copy that trains structured levels compact or masked.
     *
     * @param value {@code true} for the compact network
     * @return the new settings
     */
    public StructureSettings withCompactTraining(boolean value) {
        return new StructureSettings(structure, unitNorm, minWidth, widthMultiple, value,
                scratchBudgetCap, residualChannels);
    }
}
