package io.ltq.experiments.models;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;

import java.util.List;

/** Layer shorthands shared by the network factories. */
final class Layers {

    private Layers() {}

    /** A 3x3 convolution with padding 1, which keeps the spatial size at stride 1. */
    static Block conv3x3(int filters, int stride, boolean bias) {
        return Conv2d.builder()
                .setKernelShape(new Shape(3, 3))
                .optPadding(new Shape(1, 1))
                .optStride(new Shape(stride, stride))
                .setFilters(filters)
                .optBias(bias)
                .build();
    }

    /** A 1x1 convolution, the projection of a residual shortcut. */
    static Block conv1x1(int filters, int stride) {
        return Conv2d.builder()
                .setKernelShape(new Shape(1, 1))
                .optStride(new Shape(stride, stride))
                .setFilters(filters)
                .optBias(false)
                .build();
    }

    /** Batch norm over the channel axis of NCHW input. */
    static Block batchNorm() {
        return BatchNorm.builder().build();
    }

    /** A 2x2 max pool with stride 2. */
    static Block maxPool2() {
        return Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2));
    }

    /** Sums the outputs of the branches of a {@code ParallelBlock}. */
    static NDList sum(List<NDList> branches) {
        return new NDList(
                branches.get(0).singletonOrThrow().add(branches.get(1).singletonOrThrow()));
    }

    static int checkClasses(int numClasses) {
        if (numClasses < 2) {
            throw new IllegalArgumentException(
                    "A classifier needs at least 2 classes, got " + numClasses);
        }
        return numClasses;
    }

    /**
     * Checks that an input shape is (channels, height, width) and large enough for the given number
     * of halvings.
     */
    static Shape checkImageShape(Shape shape, int halvings, String network) {
        if (shape.dimension() != 3) {
            throw new IllegalArgumentException(
                    network + " expects (channels, height, width) input, got " + shape);
        }
        long min = 1L << halvings;
        if (shape.get(1) < min || shape.get(2) < min) {
            throw new IllegalArgumentException(
                    network
                            + " halves the image "
                            + halvings
                            + " times, so it needs at least "
                            + min
                            + "x"
                            + min
                            + " pixels, got "
                            + shape);
        }
        return shape;
    }
}
