package io.ltq.experiments.datasets;

/**
 * A data set's official training and test sets, loaded into memory.
 *
 * @param name the data set's display name, such as {@code Fashion-MNIST}
 * @param train the training set, from which the validation set is held out
 * @param test the test set
 */
public record TrainTestData(String name, LabeledImages train, LabeledImages test) {

    /**
     * Checks that both sets have the same example shape and classes.
     *
     * @param name the data set's display name
     * @param train the training set
     * @param test the test set
     */
    public TrainTestData {
        if (!train.exampleShape().equals(test.exampleShape())
                || train.numClasses() != test.numClasses()) {
            throw new DataException(
                    name
                            + " training and test sets disagree (examples "
                            + train.exampleShape()
                            + " vs "
                            + test.exampleShape()
                            + ", "
                            + train.numClasses()
                            + " vs "
                            + test.numClasses()
                            + " classes); use files from one release of the data set.");
        }
    }
}
