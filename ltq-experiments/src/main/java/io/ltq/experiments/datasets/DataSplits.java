package io.ltq.experiments.datasets;

import io.ltq.random.Seeds;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.BatchSampler;
import ai.djl.training.dataset.SequenceSampler;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * The training, validation and test sets of one run, as DJL datasets over shared heap arrays.
 *
 * <p>The validation set is held out of the official training set by a {@link ValidationSplit}; the
 * test set is the official one. Training batches follow a {@link SeededShuffleSampler} (and the
 * optional augmentation); validation and test batches come in file order, unaugmented.
 *
 * <pre>
 * DataSplits splits = DataSplits.builder()
 *         .setData(Datasets.FASHION_MNIST.load(null))
 *         .setBatchSize(60)
 *         .optShuffleSeed(42)
 *         .optValidationSize(5000)
 *         .optSplitSeed(0)
 *         .build();
 * trainer.iterateDataset(splits.train());
 * </pre>
 */
public final class DataSplits {

    private final String name;
    private final InMemoryDataset train;
    private final InMemoryDataset validation;
    private final InMemoryDataset test;
    private final SeededShuffleSampler trainSampler;

    private DataSplits(
            String name,
            InMemoryDataset train,
            InMemoryDataset validation,
            InMemoryDataset test,
            SeededShuffleSampler trainSampler) {
        this.name = name;
        this.train = train;
        this.validation = validation;
        this.test = test;
        this.trainSampler = trainSampler;
    }

    /**
     * Returns a builder; the data and batch size must be set.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the data set's display name.
     *
     * @return a name such as {@code Fashion-MNIST}
     */
    public String name() {
        return name;
    }

    /**
     * Returns the training set, shuffled each epoch by {@link #trainSampler()}.
     *
     * @return the training set
     */
    public InMemoryDataset train() {
        return train;
    }

    /**
     * Returns the validation set, held out of the official training set; empty if its size is 0.
     *
     * @return the validation set
     */
    public InMemoryDataset validation() {
        return validation;
    }

    /**
     * Returns the official test set (or a seeded subset of it, if limited).
     *
     * @return the test set
     */
    public InMemoryDataset test() {
        return test;
    }

    /**
     * Returns the sampler that orders the training batches.
     *
     * @return the training sampler
     */
    public SeededShuffleSampler trainSampler() {
        return trainSampler;
    }

    /**
     * Returns the shape of one example.
     *
     * @return (channels, height, width)
     */
    public Shape exampleShape() {
        return train.getImages().exampleShape();
    }

    /**
     * Returns the number of classes.
     *
     * @return the number of classes
     */
    public int numClasses() {
        return train.getImages().numClasses();
    }

    /**
     * Sets the next training epoch for the sampler and the augmentation, to resume a run after
     * {@code nextEpoch} completed epochs.
     *
     * @param nextEpoch the next epoch, counted from 0
     */
    public void setEpoch(long nextEpoch) {
        train.setEpoch(nextEpoch);
    }

    /** Configures {@link DataSplits}. */
    public static final class Builder {

        private TrainTestData data;
        private int batchSize;
        private int evalBatchSize;
        private long shuffleSeed;
        private long startEpoch;
        private boolean dropLast;
        private int validationSize = ValidationSplit.DEFAULT_SIZE;
        private long splitSeed;
        private int trainLimit;
        private int testLimit;
        private BatchAugmentation augmentation;

        Builder() {}

        /**
         * Sets the data to split.
         *
         * @param data the official training and test sets
         * @return this builder
         */
        public Builder setData(TrainTestData data) {
            this.data = data;
            return this;
        }

        /**
         * Sets the training batch size.
         *
         * @param batchSize a positive batch size
         * @return this builder
         */
        public Builder setBatchSize(int batchSize) {
            this.batchSize = positive(batchSize, "Batch size");
            return this;
        }

        /**
         * Sets the batch size for validation and test (default: the training batch size).
         *
         * @param evalBatchSize a positive batch size
         * @return this builder
         */
        public Builder optEvalBatchSize(int evalBatchSize) {
            this.evalBatchSize = positive(evalBatchSize, "Evaluation batch size");
            return this;
        }

        /**
         * Sets the seed of the training data order (default 0).
         *
         * @param shuffleSeed the seed
         * @return this builder
         */
        public Builder optShuffleSeed(long shuffleSeed) {
            this.shuffleSeed = shuffleSeed;
            return this;
        }

        /**
         * Sets the first training epoch, to resume a run (default 0).
         *
         * @param startEpoch the number of epochs already done
         * @return this builder
         */
        public Builder optStartEpoch(long startEpoch) {
            this.startEpoch = startEpoch;
            return this;
        }

        /**
         * Sets whether to drop an incomplete last training batch (default false).
         *
         * @param dropLast true to drop it
         * @return this builder
         */
        public Builder optDropLast(boolean dropLast) {
            this.dropLast = dropLast;
            return this;
        }

        /**
         * Sets the number of validation examples held out of the training set (default 5,000; 0 for
         * none).
         *
         * @param validationSize the validation set size
         * @return this builder
         */
        public Builder optValidationSize(int validationSize) {
            this.validationSize = validationSize;
            return this;
        }

        /**
         * Sets the seed choosing the validation examples and any limited subsets (default 0).
         *
         * @param splitSeed the seed
         * @return this builder
         */
        public Builder optSplitSeed(long splitSeed) {
            this.splitSeed = splitSeed;
            return this;
        }

        /**
         * Caps the training set at a random subset of this many examples, for quick runs (default
         * 0: no cap).
         *
         * @param trainLimit the cap, or 0
         * @return this builder
         */
        public Builder optTrainLimit(int trainLimit) {
            this.trainLimit = trainLimit;
            return this;
        }

        /**
         * Caps the test set at a random subset of this many examples (default 0: no cap).
         *
         * @param testLimit the cap, or 0
         * @return this builder
         */
        public Builder optTestLimit(int testLimit) {
            if (testLimit < 0) {
                throw new IllegalArgumentException("Test limit must be >= 0, got " + testLimit);
            }
            this.testLimit = testLimit;
            return this;
        }

        /**
         * Sets an augmentation for training batches, such as {@link CifarAugmentation} (default
         * none).
         *
         * @param augmentation the augmentation, or null
         * @return this builder
         */
        public Builder optAugmentation(BatchAugmentation augmentation) {
            this.augmentation = augmentation;
            return this;
        }

        /**
         * Splits the data.
         *
         * @return the three datasets
         * @throws io.ltq.experiments.UserMistakeException if the validation set would use up the
         *     training set
         */
        public DataSplits build() {
            if (data == null || batchSize == 0) {
                throw new IllegalStateException(
                        "Call setData(...) and setBatchSize(...) before build().");
            }
            ValidationSplit.Indices split =
                    ValidationSplit.builder()
                            .optSize(validationSize)
                            .optSeed(splitSeed)
                            .optTrainLimit(trainLimit)
                            .build()
                            .split(data.train().size());
            SeededShuffleSampler sampler =
                    SeededShuffleSampler.builder()
                            .setBatchSize(batchSize)
                            .optSeed(shuffleSeed)
                            .optDropLast(dropLast)
                            .optStartEpoch(startEpoch)
                            .build();
            InMemoryDataset train =
                    InMemoryDataset.builder()
                            .setImages(data.train())
                            .optIndices(split.train())
                            .setSampling(sampler)
                            .optAugmentation(augmentation)
                            .optStartEpoch(startEpoch)
                            .build();
            int eval = evalBatchSize > 0 ? evalBatchSize : batchSize;
            InMemoryDataset validation = evaluation(data.train(), split.validation(), eval);
            InMemoryDataset test = evaluation(data.test(), testIndices(), eval);
            return new DataSplits(data.name(), train, validation, test, sampler);
        }

        private int[] testIndices() {
            int n = data.test().size();
            if (testLimit == 0 || testLimit >= n) {
                return IntStream.range(0, n).toArray();
            }
            int[] order = IntStream.range(0, n).toArray();
            SplittableRandom random = new SplittableRandom(Seeds.derive(splitSeed, 1));
            // A partial Fisher–Yates shuffle: the first testLimit slots are a uniform subset.
            for (int i = 0; i < testLimit; i++) {
                int j = i + random.nextInt(n - i);
                int tmp = order[i];
                order[i] = order[j];
                order[j] = tmp;
            }
            int[] subset = Arrays.copyOf(order, testLimit);
            Arrays.sort(subset);
            return subset;
        }

        private static InMemoryDataset evaluation(LabeledImages images, int[] indices, int batch) {
            return InMemoryDataset.builder()
                    .setImages(images)
                    .optIndices(indices)
                    .setSampling(new BatchSampler(new SequenceSampler(), batch, false))
                    .build();
        }

        private static int positive(int value, String what) {
            if (value <= 0) {
                throw new IllegalArgumentException(what + " must be positive, got " + value);
            }
            return value;
        }
    }
}
