package io.ltq.prune.structured;

import java.util.Objects;

/**
 * The part of one tensor that belongs to each unit (neuron or channel) of a layer: along {@code
 * axis}, {@code block} consecutive indices per unit, so unit {@code u} owns indices {@code
 * [u * block, (u + 1) * block)} of that axis.
 *
 * <p>A Linear layer's neuron owns a row of its weight ({@code axis 0, block 1}), its bias entry,
 * and a column of the next layer's weight ({@code axis 1, block 1}); a convolution's channel owns
 * a filter ({@code axis 0}), its bias and BatchNorm entries, and an input channel of the next
 * convolution ({@code axis 1}) or, through a flatten, {@code H * W} columns of the next Linear
 * layer ({@code axis 1, block H * W}).
 *
 * <p>A slice is {@linkplain #masked() masked} unless it is a statistic the optimizer never updates
 * (BatchNorm's running mean and variance): those go with their channel when a network is made
 * compact, but a mask over them would change nothing the network computes.
 *
 * @param tensor the tensor's name, the key of its mask
 * @param axis the axis the units run along
 * @param block the indices of that axis per unit, 1 or more
 * @param masked whether the slice is masked when its unit is pruned
 */
public record UnitSlice(String tensor, int axis, int block, boolean masked) {

    /**
     * Checks the slice.
     *
     * @param tensor the tensor's name
     * @param axis the axis, 0 or more
     * @param block indices per unit, 1 or more
     * @param masked whether the slice is masked
     */
    public UnitSlice {
        Objects.requireNonNull(tensor, "tensor");
        if (axis < 0 || block < 1) {
            throw new IllegalArgumentException("A unit slice needs an axis of 0 or more and a"
                    + " block of 1 or more, got axis " + axis + ", block " + block + ".");
        }
    }

    /**
     * Returns a masked slice.
     *
     * @param tensor the tensor's name
     * @param axis the axis
     * @param block indices per unit
     */
    public UnitSlice(String tensor, int axis, int block) {
        this(tensor, axis, block, true);
    }

    /**
     * Returns a statistic's slice, one index per unit along axis 0, which a compact network keeps
     * for its units but no mask covers (BatchNorm's running mean and variance).
     *
     * @param tensor the tensor's name
     * @return the unmasked slice
     */
    public static UnitSlice statistic(String tensor) {
        return new UnitSlice(tensor, 0, 1, false);
    }

    /**
     * Returns a slice of one index per unit along an axis.
     *
     * @param tensor the tensor's name
     * @param axis the axis
     * @return the slice
     */
    public static UnitSlice of(String tensor, int axis) {
        return new UnitSlice(tensor, axis, 1);
    }

    /**
     * Calls {@code visit} with every flat (row-major) index of a tensor that unit {@code unit}
     * owns.
     *
     * @param shape the tensor's shape
     * @param unit the unit
     * @param visit receives each index
     */
    void forEachIndex(long[] shape, int unit, java.util.function.IntConsumer visit) {
        long outer = 1;
        for (int d = 0; d < axis; d++) {
            outer *= shape[d];
        }
        long inner = 1;
        for (int d = axis + 1; d < shape.length; d++) {
            inner *= shape[d];
        }
        long along = shape[axis];
        for (long o = 0; o < outer; o++) {
            for (long j = (long) unit * block; j < (long) (unit + 1) * block; j++) {
                long base = (o * along + j) * inner;
                for (long i = 0; i < inner; i++) {
                    visit.accept(Math.toIntExact(base + i));
                }
            }
        }
    }
}
