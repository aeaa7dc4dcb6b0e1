package io.ltq.experiments.datasets;

import ai.djl.ndarray.types.Shape;

import java.util.SplittableRandom;

/**
 * Generates a learnable classification problem for fast tests: each class has a random prototype
 * image, and each example is its class's prototype plus Gaussian noise.
 *
 * <p>Prototype pixels are drawn from {@code N(0, signal^2)} and noise from {@code N(0, noise^2)};
 * labels are uniform. Everything follows from the seed: the prototypes, then the training and test
 * examples from separate streams, so the test set shares the training set's classes but none of its
 * examples.
 *
 * <pre>
 * TrainTestData data = SyntheticData.builder().optTrainSize(2000).optSeed(3).build();
 * </pre>
 */
public final class SyntheticData {

    private SyntheticData() {}

    /**
     * Returns a builder for 10,000 training and 2,000 test images of shape 1x28x28 in 10 classes.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Configures and generates the data. */
    public static final class Builder {

        private int trainSize = 10_000;
        private int testSize = 2_000;
        private Shape exampleShape = new Shape(1, 28, 28);
        private int numClasses = 10;
        private long seed;
        private float signal = 0.5f;
        private float noise = 1f;

        Builder() {}

        /**
         * Sets the number of training examples (default 10,000).
         *
         * @param trainSize a positive count
         * @return this builder
         */
        public Builder optTrainSize(int trainSize) {
            this.trainSize = positive(trainSize, "training size");
            return this;
        }

        /**
         * Sets the number of test examples (default 2,000).
         *
         * @param testSize a positive count
         * @return this builder
         */
        public Builder optTestSize(int testSize) {
            this.testSize = positive(testSize, "test size");
            return this;
        }

        /**
         * Sets the (channels, height, width) shape of an example (default 1x28x28).
         *
         * @param exampleShape the shape
         * @return this builder
         */
        public Builder optExampleShape(Shape exampleShape) {
            if (exampleShape.dimension() != 3 || exampleShape.size() <= 0) {
                throw new IllegalArgumentException(
                        "Examples must be (channels, height, width), got " + exampleShape);
            }
            this.exampleShape = exampleShape;
            return this;
        }

        /**
         * Sets the number of classes (default 10).
         *
         * @param numClasses at least 2
         * @return this builder
         */
        public Builder optNumClasses(int numClasses) {
            if (numClasses < 2) {
                throw new IllegalArgumentException("Need at least 2 classes, got " + numClasses);
            }
            this.numClasses = numClasses;
            return this;
        }

        /**
         * Sets the seed everything is drawn from (default 0).
         *
         * @param seed the seed
         * @return this builder
         */
        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * Sets the standard deviations of prototype pixels and of noise (defaults 0.5 and 1); a
         * smaller signal-to-noise ratio makes the problem harder.
         *
         * @param signal the prototype pixel deviation
         * @param noise the noise deviation
         * @return this builder
         */
        public Builder optSignalAndNoise(float signal, float noise) {
            if (!(signal > 0) || !(noise >= 0)) {
                throw new IllegalArgumentException(
                        "Need signal > 0 and noise >= 0, got " + signal + " and " + noise);
            }
            this.signal = signal;
            this.noise = noise;
            return this;
        }

        /**
         * Generates the data.
         *
         * @return the training and test sets
         */
        public TrainTestData build() {
            SplittableRandom root = new SplittableRandom(seed);
            int size = Math.toIntExact(exampleShape.size());
            float[] prototypes = new float[numClasses * size];
            SplittableRandom protoRandom = root.split();
            for (int i = 0; i < prototypes.length; i++) {
                prototypes[i] = (float) (protoRandom.nextGaussian() * signal);
            }
            LabeledImages train = sample(trainSize, size, prototypes, root.split());
            LabeledImages test = sample(testSize, size, prototypes, root.split());
            return new TrainTestData("synthetic", train, test);
        }

        private LabeledImages sample(int n, int size, float[] prototypes, SplittableRandom rng) {
            if ((long) n * size > Integer.MAX_VALUE) {
                throw new IllegalArgumentException(
                        n + " examples of " + exampleShape + " are too many for one array");
            }
            float[] pixels = new float[n * size];
            int[] labels = new int[n];
            for (int e = 0; e < n; e++) {
                int label = rng.nextInt(numClasses);
                labels[e] = label;
                int proto = label * size;
                int at = e * size;
                for (int i = 0; i < size; i++) {
                    pixels[at + i] = prototypes[proto + i] + (float) (rng.nextGaussian() * noise);
                }
            }
            return new LabeledImages(pixels, labels, exampleShape, numClasses);
        }

        private static int positive(int value, String what) {
            if (value <= 0) {
                throw new IllegalArgumentException(
                        "The " + what + " must be positive, got " + value);
            }
            return value;
        }
    }
}
