package io.ltq.experiments.lottery;

import io.ltq.prune.Pruner;
import io.ltq.prune.structured.RefillPruner;
import io.ltq.prune.structured.UnitLayer;
import java.util.List;

/**
 * IMP-Refill (Chen et al. 2022), {@code refill}: each level prunes weights by magnitude at the
 * run's rates, then keeps, per layer, the neurons or channels with the most surviving weights, as
 * many as hold that many weights, and refills them whole. Only structured runs use it.
 */
public final class RefillStrategy implements PruningStrategy {

    /** The name {@code --pruner} takes. */
    public static final String NAME = "refill";

    /** Creates the strategy. */
    public RefillStrategy() {}

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Pruner newPruner(PruningSettings settings) {
        throw new InvalidSettingException("{pruner} refill turns weights into whole units, which"
                + " needs {structure} neurons or channels.");
    }

    @Override
    public Pruner newPruner(PruningSettings settings, StructureSettings structure,
            List<UnitLayer> units) {
        if (!structure.isStructured()) {
            return newPruner(settings);
        }
        // The output layer is no unit layer; the refill keeps only the columns of kept units.
        Pruner magnitude = new MagnitudeStrategy().newPruner(settings.withRates(
                settings.pruneDense(), settings.pruneConv(), 0));
        return RefillPruner.builder()
                .setPruner(magnitude)
                .setLayers(units)
                .optMinWidth(structure.minWidth())
                .build();
    }
}
