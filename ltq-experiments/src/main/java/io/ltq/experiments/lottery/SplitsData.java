package io.ltq.experiments.lottery;

import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.Dataset;
import io.ltq.experiments.datasets.DataSplits;

/** {@link ExperimentData} over in-memory {@link DataSplits}. */
public final class SplitsData implements ExperimentData {

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
    public Dataset test() {
        return splits.test();
    }

    /** {@inheritDoc} */
    @Override
    public Shape exampleShape() {
        return splits.exampleShape();
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
