package io.ltq.prune.structured;

import io.ltq.prune.LayerKind;
import java.util.List;
import java.util.Objects;

/**
 * A layer whose units (a Linear layer's output neurons, a convolution's filters) are pruned
 * whole, and every tensor slice that goes with each unit: the coupling of the layer, declared by
 * whoever knows the network's blocks (DJL has no graph to trace).
 *
 * @param name the layer's name, in messages
 * @param kind the layer's kind
 * @param units the number of units
 * @param members the slices of every tensor a unit owns; the first is the unit's own weights
 *     (the row or filter that produces it), whose norm scores the unit
 */
public record UnitLayer(String name, LayerKind kind, int units, List<UnitSlice> members) {

    /**
     * Checks the layer.
     *
     * @param name the layer's name
     * @param kind the layer's kind
     * @param units the number of units, 1 or more
     * @param members the slices, at least the unit's own weights
     */
    public UnitLayer {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        members = List.copyOf(members);
        if (units < 1 || members.isEmpty()) {
            throw new IllegalArgumentException("Layer " + name + " needs units and at least its"
                    + " own weights, got " + units + " units and " + members.size()
                    + " slices.");
        }
    }

    /**
     * Returns the slice of the unit's own weights.
     *
     * @return the first member
     */
    public UnitSlice own() {
        return members.get(0);
    }
}
