package io.ltq.experiments.lottery;

import io.ltq.prune.LayerKind;
import io.ltq.prune.MagnitudePruner;
import io.ltq.prune.Pruner;

/** The paper's pruning, {@code magnitude}: the smallest surviving weights go first. */
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
}
