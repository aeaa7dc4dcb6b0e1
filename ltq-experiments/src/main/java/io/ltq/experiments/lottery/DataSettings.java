package io.ltq.experiments.lottery;

import static io.ltq.experiments.lottery.InvalidSettingException.check;

import java.util.Objects;

/**
 * What a run trains on and in what portions.
 *
 * @param dataset the dataset's name, e.g. {@code fashion-mnist}
 * @param batchSize examples per step
 * @param validationSize examples held out of the training set for early stopping
 * @param trainLimit use at most this many training examples, 0 for all
 * @param augment random flips and crops on CIFAR
 */
public record DataSettings(
        String dataset, int batchSize, int validationSize, int trainLimit, boolean augment) {

    /** Checks the settings. */
    public DataSettings {
        Objects.requireNonNull(dataset, "dataset");
        check(batchSize > 0, "{batchSize} must be positive, got " + batchSize + ".");
        // Refused rather than run without early stopping: the iteration of minimum validation
        // loss is what every level, report and claim of a run is read at.
        check(validationSize > 0, "{validationSize} must be 1 or more, got " + validationSize
                + ": the early-stopping iteration is chosen on these held-out training examples"
                + " (5000 by default, as in the paper).");
        check(trainLimit >= 0, "{trainLimit} must be 0 or more, got " + trainLimit + ".");
    }

    /** Fashion-MNIST in batches of 60, 5,000 examples held out, all of it, no augmentation. */
    public static final DataSettings DEFAULTS = new DataSettings("fashion-mnist", 60, 5000, 0,
            false);

    /**
     * Returns a copy with another dataset.
     *
     * @param value the new value
     * @return the new settings
     */
    public DataSettings withDataset(String value) {
        return new DataSettings(value, batchSize, validationSize, trainLimit, augment);
    }

    /**
     * Returns a copy with another batch size.
     *
     * @param value the new value
     * @return the new settings
     */
    public DataSettings withBatchSize(int value) {
        return new DataSettings(dataset, value, validationSize, trainLimit, augment);
    }

    /**
     * Returns a copy with another validation size.
     *
     * @param value the new value
     * @return the new settings
     */
    public DataSettings withValidationSize(int value) {
        return new DataSettings(dataset, batchSize, value, trainLimit, augment);
    }

    /**
     * Returns a copy with another training limit.
     *
     * @param value the new value
     * @return the new settings
     */
    public DataSettings withTrainLimit(int value) {
        return new DataSettings(dataset, batchSize, validationSize, value, augment);
    }

    /**
     * Returns a copy with another augmentation switch.
     *
     * @param value the new value
     * @return the new settings
     */
    public DataSettings withAugment(boolean value) {
        return new DataSettings(dataset, batchSize, validationSize, trainLimit, value);
    }
}
