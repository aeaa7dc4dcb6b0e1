package io.ltq.experiments.lottery;

import io.ltq.prune.Pruner;

/**
 * How a run prunes at each level: a name ({@code --pruner}) and a factory of {@link Pruner}s from
 * the run's pruning settings (rates per kind of layer, the scope). The bundled one is {@code
 * magnitude}. Register one through {@link io.ltq.experiments.catalog.LtqExtension#pruners()}, or
 * give its class name to {@code --pruner}; {@link io.ltq.prune.PrunerBuilder} and {@link
 * io.ltq.prune.PrunePlan} give a new pruner the rates, counts and checks of the bundled ones.
 *
 * <p>A pruner must be a pure function of (weights, mask, settings) and only shrink masks: resumes
 * recompute a missing mask and expect the same bits.
 */
public interface PruningStrategy {

    /**
     * Returns the name {@code --pruner} takes and {@code run.json} records.
     *
     * @return e.g. {@code magnitude}
     */
    String name();

    /**
     * Creates the pruner of a run.
     *
     * @param settings the run's pruning settings
     * @return the pruner
     */
    Pruner newPruner(PruningSettings settings);
}
