package io.ltq.experiments.lottery;

import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.Dataset;
import io.ltq.experiments.datasets.DataSource;
import io.ltq.experiments.datasets.DataSplits;
import io.ltq.experiments.datasets.InMemoryDataset;
import io.ltq.experiments.datasets.TrainTestData;
import java.util.Arrays;

/** {@link ExperimentData} over in-memory {@link DataSplits}. */
public final class SplitsData implements ExperimentData {

    private static final int EVAL_BATCH = 1000;

    private final DataSplits splits;

    /**
     * Holds out the validation set and orders the training set of a run's data, as its settings
     * say.
     *
     * @param raw the training and test sets
     * @param dataset where they come from, which gives the augmentation
     * @param config the run's settings
     * @param orderSeed the seed of the training order (the run's data seed, or an analysis's)
     * @return the splits
     */
    public static SplitsData forRun(TrainTestData raw, DataSource dataset, LotteryConfig config,
            long orderSeed) {
        DataSettings d = config.data();
        return split(raw, dataset, d.batchSize(), d.validationSize(), config.seeds().splitSeed(),
                d.trainLimit(), d.augment(), orderSeed);
    }

    /**
     * Holds out the validation set and orders the training set.
     *
     * @param raw the training and test sets
     * @param dataset where they come from, which gives the augmentation
     * @param batchSize examples per training step
     * @param validationSize examples held out of the training set
     * @param splitSeed the seed of the validation split
     * @param trainLimit at most this many training examples, 0 for all
     * @param augment whether the dataset's augmentation applies
     * @param orderSeed the seed of the training order
     * @return the splits
     */
    public static SplitsData split(TrainTestData raw, DataSource dataset, int batchSize,
            int validationSize, long splitSeed, int trainLimit, boolean augment,
            long orderSeed) {
        DataSplits.Builder builder =
                DataSplits.builder()
                        .setData(raw)
                        .setBatchSize(batchSize)
                        .optEvalBatchSize(EVAL_BATCH)
                        .optShuffleSeed(orderSeed)
                        .optValidationSize(validationSize)
                        .optSplitSeed(splitSeed)
                        .optTrainLimit(trainLimit);
        if (augment) {
            dataset.augmentation(orderSeed).ifPresent(builder::optAugmentation);
        }
        return new SplitsData(builder.build());
    }

    /**
     * Wraps splits.
     *
     * @param splits train, validation and test data
     */
    public SplitsData(DataSplits splits) {
        this.splits = splits;
    }

    /** {@inheritDoc} */
    @Override
    public Dataset train() {
        splits.setEpoch(0);
        return splits.train();
    }

    /** {@inheritDoc} */
    @Override
    public Dataset validation() {
        return splits.validation();
    }

    /** {@inheritDoc} */
    @Override
    public Dataset trainEvaluation(int limit) {
        InMemoryDataset train = splits.train();
        int[] indices = train.getIndices();
        int n = Math.min(limit, indices.length);
        return InMemoryDataset.builder()
                .setImages(train.getImages())
                .optIndices(Arrays.copyOf(indices, n))
                .setSampling(EVAL_BATCH, false)
                .build();
    }

    /** {@inheritDoc} */
    @Override
    public Dataset test() {
        return splits.test();
    }

    /** {@inheritDoc} */
    @Override
    public Shape exampleShape() {
        return splits.exampleShape();
    }

    /** {@inheritDoc} */
    @Override
    public int numClasses() {
        return splits.numClasses();
    }

    /**
     * Returns the number of training examples after the validation split.
     *
     * @return the size of the training split
     */
    public long trainSize() {
        return splits.train().size();
    }
}
