package io.ltq.experiments.datasets;

import io.ltq.experiments.UserMistakeException;
import io.ltq.random.Seeds;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Chooses which training examples to hold out for validation, by a seeded permutation that does not
 * depend on the data order seed, so changing how a run shuffles never moves examples between
 * training and validation.
 *
 * <p>The first {@code size} positions of the permutation are the validation set; the next ones, up
 * to the optional training limit, are the training set. A limit therefore picks a random subset,
 * not the first examples of the file. Both index lists come back sorted.
 *
 * <pre>
 * ValidationSplit.Indices split =
 *         ValidationSplit.builder().optSize(5000).optSeed(0).build().split(60000);
 * </pre>
 */
public final class ValidationSplit {

    /** The default number of validation examples. */
    public static final int DEFAULT_SIZE = 5_000;

    private final int size;
    private final long seed;
    private final int trainLimit;

    private ValidationSplit(Builder builder) {
        this.size = builder.size;
        this.seed = builder.seed;
        this.trainLimit = builder.trainLimit;
    }

    /**
     * Returns a builder for 5,000 validation examples, seed 0 and no training limit.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Splits {@code n} training examples.
     *
     * @param n the size of the official training set
     * @return sorted, disjoint indices of the training and validation examples
     * @throws UserMistakeException if the validation set would leave no training examples
     */
    public Indices split(int n) {
        if (size >= n) {
            throw new UserMistakeException(
                    "A validation set of "
                            + size
                            + " examples leaves none of the "
                            + n
                            + " training examples to train on; choose a validation size below "
                            + n
                            + ".");
        }
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        SplittableRandom random = new SplittableRandom(Seeds.derive(seed));
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int tmp = order[i];
            order[i] = order[j];
            order[j] = tmp;
        }
        int trainEnd = trainLimit > 0 ? Math.min(n, size + trainLimit) : n;
        int[] validation = Arrays.copyOfRange(order, 0, size);
        int[] train = Arrays.copyOfRange(order, size, trainEnd);
        Arrays.sort(validation);
        Arrays.sort(train);
        return new Indices(train, validation);
    }

    /**
     * The outcome of a split.
     *
     * @param train the indices of the training examples, sorted
     * @param validation the indices of the validation examples, sorted
     */
    public record Indices(int[] train, int[] validation) {}

    /** Configures a {@link ValidationSplit}. */
    public static final class Builder {

        private int size = DEFAULT_SIZE;
        private long seed;
        private int trainLimit;

        Builder() {}

        /**
         * Sets the number of validation examples (default 5,000; 0 for none).
         *
         * @param size the validation set size
         * @return this builder
         */
        public Builder optSize(int size) {
            if (size < 0) {
                throw new IllegalArgumentException("Validation size must be >= 0, got " + size);
            }
            this.size = size;
            return this;
        }

        /**
         * Sets the seed of the split (default 0).
         *
         * @param seed the seed
         * @return this builder
         */
        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * Caps the training set at a random subset of this many examples (default: no cap).
         *
         * @param trainLimit a positive cap, or 0 for none
         * @return this builder
         */
        public Builder optTrainLimit(int trainLimit) {
            if (trainLimit < 0) {
                throw new IllegalArgumentException(
                        "Training limit must be >= 0, got " + trainLimit);
            }
            this.trainLimit = trainLimit;
            return this;
        }

        /**
         * Builds the split.
         *
         * @return the split
         */
        public ValidationSplit build() {
            return new ValidationSplit(this);
        }
    }
}
