/**
 * Pruning masks and their storage: {@link io.ltq.mask.Mask} (one bit per weight of a tensor),
 * {@link io.ltq.mask.MaskSet} (the masks of a network by parameter path), and {@link
 * io.ltq.mask.MaskStore} with {@link io.ltq.mask.DirectoryMaskStore}, which keeps each pruning
 * level in a NumPy {@code .npz} file written and verified by {@link io.ltq.mask.NpzMasks} in a
 * {@link io.ltq.mask.MaskFormat}.
 */
package io.ltq.mask;
