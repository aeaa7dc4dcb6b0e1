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
        check(validationSize >= 0, "{validationSize} must be 0 or more, got " + validationSize
                + ".");
        check(trainLimit >= 0, "{trainLimit} must be 0 or more, got " + trainLimit + ".");
    }
}
