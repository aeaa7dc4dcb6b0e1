package io.ltq.experiments.lottery;

import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.Dataset;

/** The three splits an experiment trains and evaluates on. */
public interface ExperimentData {

    /**
     * Returns the training split, its seeded data order restarted at the first epoch, so that
     * every level (and a resumed run) sees the same order.
     *
     * @return the training data, in batches of the run's size
     */
    Dataset train();

    /**
     * Returns the validation split held out of the training set, for early stopping.
     *
     * @return the validation data
     */
    Dataset validation();

    /**
     * Returns the first training examples in a fixed order, for measuring training error.
     *
     * @param limit at most this many examples
     * @return the examples, in evaluation batches
     */
    Dataset trainEvaluation(int limit);

    /**
     * Returns the test set.
     *
     * @return the test data
     */
    Dataset test();

    /**
     * Returns the shape of one example, e.g. {@code (1, 28, 28)}.
     *
     * @return the example shape without the batch axis
     */
    Shape exampleShape();

    /**
     * Returns the number of classes, the width of the network's output layer.
     *
     * @return the classes
     */
    int numClasses();
}
