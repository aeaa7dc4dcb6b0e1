package io.ltq.experiments.datasets;

import ai.djl.ndarray.types.Shape;

/**
 * Labelled images held in plain Java arrays: {@code size()} examples of one (channels, height,
 * width) shape, stored one after another in channel-major order, with an integer class per example.
 *
 * <p>The arrays are shared, not copied: datasets and splits index into one instance, so a 60,000
 * image MNIST training set costs its 188 MB once. Do not modify them after construction.
 */
public final class LabeledImages {

    private final float[] pixels;
    private final int[] labels;
    private final Shape exampleShape;
    private final int exampleSize;
    private final int numClasses;

    /**
     * Wraps arrays of images and labels.
     *
     * @param pixels {@code labels.length * exampleShape.size()} values, example after example
     * @param labels one class in {@code [0, numClasses)} per example
     * @param exampleShape the (channels, height, width) shape of one example
     * @param numClasses the number of classes
     * @throws IllegalArgumentException if the sizes disagree or a label is out of range
     */
    public LabeledImages(float[] pixels, int[] labels, Shape exampleShape, int numClasses) {
        if (exampleShape.dimension() != 3) {
            throw new IllegalArgumentException(
                    "Examples must be (channels, height, width), got " + exampleShape);
        }
        long size = exampleShape.size();
        if (size <= 0 || size > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("Unsupported example shape " + exampleShape);
        }
        if ((long) labels.length * size != pixels.length) {
            throw new IllegalArgumentException(
                    labels.length
                            + " labels need "
                            + labels.length * size
                            + " pixel values of shape "
                            + exampleShape
                            + ", got "
                            + pixels.length);
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= numClasses) {
                throw new IllegalArgumentException(
                        "Label "
                                + labels[i]
                                + " at index "
                                + i
                                + " is outside 0.."
                                + (numClasses - 1));
            }
        }
        this.pixels = pixels;
        this.labels = labels;
        this.exampleShape = exampleShape;
        this.exampleSize = (int) size;
        this.numClasses = numClasses;
    }

    /**
     * Returns the number of examples.
     *
     * @return the number of examples
     */
    public int size() {
        return labels.length;
    }

    /**
     * Returns the shape of one example.
     *
     * @return (channels, height, width)
     */
    public Shape exampleShape() {
        return exampleShape;
    }

    /**
     * Returns the number of values in one example.
     *
     * @return channels * height * width
     */
    public int exampleSize() {
        return exampleSize;
    }

    /**
     * Returns the number of classes.
     *
     * @return the number of classes
     */
    public int numClasses() {
        return numClasses;
    }

    /**
     * Returns the class of one example.
     *
     * @param index the example
     * @return its label
     */
    public int label(int index) {
        return labels[index];
    }

    /**
     * Returns the backing pixel array, example after example; read it, do not modify it.
     *
     * @return the shared pixel array
     */
    public float[] pixels() {
        return pixels;
    }

    /**
     * Returns the backing label array; read it, do not modify it.
     *
     * @return the shared label array
     */
    public int[] labels() {
        return labels;
    }

    /**
     * Copies one example's pixels into an array.
     *
     * @param index the example
     * @param dest the destination
     * @param offset where in {@code dest} the example starts
     */
    public void copyExample(int index, float[] dest, int offset) {
        System.arraycopy(pixels, index * exampleSize, dest, offset, exampleSize);
    }
}
