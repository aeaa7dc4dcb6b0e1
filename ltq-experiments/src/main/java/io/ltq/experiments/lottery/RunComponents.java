package io.ltq.experiments.lottery;

import java.util.List;
import java.util.Objects;

/**
 * The pieces a run is made of beside its settings, resolved from the names {@code run.json}
 * records ({@link io.ltq.experiments.catalog.Catalog#components}) or given from Java: the
 * network, the pruning strategy and the controls.
 *
 * @param network the network
 * @param pruner the pruning strategy
 * @param controls the controls, in the order of {@link PruningSettings#controls()}
 */
public record RunComponents(Network network, PruningStrategy pruner, List<Control> controls) {

    /** Checks the pieces. */
    public RunComponents {
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(pruner, "pruner");
        controls = List.copyOf(controls);
    }
}
