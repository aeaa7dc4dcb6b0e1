package io.ltq.experiments.lottery;

import io.ltq.prune.LayerKind;
import io.ltq.prune.MagnitudePruner;
import io.ltq.prune.Pruner;
import io.ltq.prune.structured.StructuredPruner;
import io.ltq.prune.structured.UnitLayer;
import java.util.List;

/**
 * The paper's pruning, {@code magnitude}: the smallest surviving weights go first; in a
 * structured run the units whose own weights have the smallest L1 (or L2) norm go first (Li et
 * al. 2017), at the rates of their layers' kinds.
 */
public final class MagnitudeStrategy implements PruningStrategy {

    /** The name {@code --pruner} takes, and the default. */
    public static final String NAME = "magnitude";

    /** Creates the strategy. */
    public MagnitudeStrategy() {}

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Pruner newPruner(PruningSettings settings) {
        return MagnitudePruner.builder()
                .optFraction(LayerKind.DENSE, settings.pruneDense())
                .optFraction(LayerKind.CONV, settings.pruneConv())
                .optFraction(LayerKind.OUTPUT, settings.pruneOutput())
                .optScope(settings.scope())
                .build();
    }

    @Override
    public Pruner newPruner(PruningSettings settings, StructureSettings structure,
            List<UnitLayer> units) {
        if (!structure.isStructured()) {
            return newPruner(settings);
        }
        return StructuredPruner.builder()
                .setLayers(units)
                .optNorm(structure.norm())
                .optMinWidth(structure.minWidth())
                .optMultiple(structure.widthMultiple())
                .optFraction(LayerKind.DENSE, settings.pruneDense())
                .optFraction(LayerKind.CONV, settings.pruneConv())
                .optScope(settings.scope())
                .build();
    }
}
