package io.ltq.experiments.lottery;

import io.ltq.prune.structured.UnitLayer;
import java.util.List;

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

    /**
     * Creates the pruner of a run that may prune whole units. A structured run gives the layers
     * whose units are pruned, with their coupling; the pruner's masks must then remove whole
     * units (every slice a unit owns), which the compact network is made of. The default serves
     * unstructured runs and refuses structured ones.
     *
     * @param settings the run's pruning settings
     * @param structure what a level prunes, and how units are scored and bounded
     * @param units the layers whose units are pruned; empty for an unstructured run
     * @return the pruner
     * @throws InvalidSettingException when the strategy cannot prune the structure asked for
     */
    default Pruner newPruner(PruningSettings settings, StructureSettings structure,
            List<UnitLayer> units) {
        if (structure.isStructured()) {
            throw new InvalidSettingException("{pruner} " + name() + " prunes single weights, not"
                    + " whole " + structure.structure() + ": use {pruner} magnitude or refill"
                    + " with {structure} " + structure.structure() + ".");
        }
        return newPruner(settings);
    }
}
