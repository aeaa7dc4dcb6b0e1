package io.ltq.experiments.lottery;

import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.Dataset;
import io.ltq.experiments.datasets.DataSplits;
import io.ltq.experiments.datasets.InMemoryDataset;
import java.util.Arrays;

/** {@link ExperimentData} over in-memory {@link DataSplits}. */
public final class SplitsData implements ExperimentData {

    private static final int EVAL_BATCH = 1000;

    private final DataSplits splits;

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
