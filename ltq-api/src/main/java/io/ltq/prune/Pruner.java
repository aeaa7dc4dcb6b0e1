package io.ltq.prune;

import io.ltq.mask.MaskSet;
import java.util.List;

/**
 * Chooses which further weights to remove, given the current weights and the current mask.
 *
 * <p>Implementations never revive a pruned weight: the returned mask is always a subset of {@code
 * current}. Given the same inputs they return the same mask.
 */
public interface Pruner {

    /**
     * Prunes the tensors.
     *
     * @param weights the prunable tensors, in network order; tensors absent from {@code current}
     *     are treated as fully dense
     * @param current the masks in force now (use {@link MaskSet#ones} at the start)
     * @return the new masks, one for every tensor in {@code weights}
     */
    MaskSet prune(List<WeightTensor> weights, MaskSet current);
}
