package io.ltq.experiments.datasets;

import ai.djl.ndarray.types.Shape;

/**
 * Labelled images held in plain Java arrays: {@code size()} examples of one (channels, height,
 * width) shape, stored one after another in channel-major order, with an integer class per example.
 *
 * <p>The arrays are shared, not copied: datasets and splits index into one instance. Images that
 * come as 8-bit values (MNIST, Fashion-MNIST, CIFAR-10) are kept as those bytes, with a table per
 * channel of the float each byte value stands for, and turned into floats only as a batch is
 * made ({@link #ofEightBit}): a 60,000 image MNIST training set then costs 47 MB rather than
 * 188 MB, and a batch holds exactly the floats a float array would have held. Do not modify the
 * arrays after construction.
 */
public final class LabeledImages {

    /** Float pixels, or {@code null} when the images are kept as bytes. */
    private final float[] pixels;
    /** 8-bit pixels, or {@code null} when the images are floats. */
    private final byte[] bytes;
    /** Per channel (or one for all), the float of each byte value 0..255. */
    private final float[][] valueOf;
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
        this(pixels, null, null, pixels.length, labels, exampleShape, numClasses);
    }

    /**
     * Wraps 8-bit images, each byte standing for the float its channel's table gives.
     *
     * @param bytes {@code labels.length * exampleShape.size()} values, example after example
     * @param valueOf one table of 256 floats, or one per channel: {@code valueOf[c][b & 0xff]} is
     *     the value of byte {@code b} in channel {@code c}
     * @param labels one class in {@code [0, numClasses)} per example
     * @param exampleShape the (channels, height, width) shape of one example
     * @param numClasses the number of classes
     * @return the images
     * @throws IllegalArgumentException if the sizes disagree or a label is out of range
     */
    public static LabeledImages ofEightBit(byte[] bytes, float[][] valueOf, int[] labels,
            Shape exampleShape, int numClasses) {
        long channels = exampleShape.dimension() == 3 ? exampleShape.get(0) : 0;
        if (valueOf.length != 1 && valueOf.length != channels) {
            throw new IllegalArgumentException("Give one table or one per channel (" + channels
                    + "), got " + valueOf.length);
        }
        for (float[] table : valueOf) {
            if (table.length != 256) {
                throw new IllegalArgumentException("A table holds 256 values, got "
                        + table.length);
            }
        }
        return new LabeledImages(null, bytes, valueOf.clone(), bytes.length, labels,
                exampleShape, numClasses);
    }

    private LabeledImages(float[] pixels, byte[] bytes, float[][] valueOf, long values,
            int[] labels, Shape exampleShape, int numClasses) {
        if (exampleShape.dimension() != 3) {
            throw new IllegalArgumentException(
                    "Examples must be (channels, height, width), got " + exampleShape);
        }
        long size = exampleShape.size();
        if (size <= 0 || size > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("Unsupported example shape " + exampleShape);
        }
        if ((long) labels.length * size != values) {
            throw new IllegalArgumentException(
                    labels.length
                            + " labels need "
                            + labels.length * size
                            + " pixel values of shape "
                            + exampleShape
                            + ", got "
                            + values);
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
        this.bytes = bytes;
        this.valueOf = valueOf;
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
     * Returns the pixels as floats, example after example; read them, do not modify them.
     *
     * @return the shared array, or, for images kept as bytes, a decoded copy of all of them
     */
    public float[] pixels() {
        if (pixels != null) {
            return pixels;
        }
        float[] all = new float[bytes.length];
        for (int i = 0; i < size(); i++) {
            copyExample(i, all, i * exampleSize);
        }
        return all;
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
        if (pixels != null) {
            System.arraycopy(pixels, index * exampleSize, dest, offset, exampleSize);
            return;
        }
        int channels = (int) exampleShape.get(0);
        int plane = exampleSize / channels;
        int from = index * exampleSize;
        for (int c = 0, i = 0; c < channels; c++) {
            float[] table = valueOf[valueOf.length == 1 ? 0 : c];
            for (int end = i + plane; i < end; i++) {
                dest[offset + i] = table[bytes[from + i] & 0xff];
            }
        }
    }
}
