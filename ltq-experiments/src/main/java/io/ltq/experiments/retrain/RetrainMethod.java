package io.ltq.experiments.retrain;

import io.ltq.experiments.UserMistakeException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How a pruned network is retrained (Renda, Frankle and Carbin, 2020, "Comparing Rewinding and
 * Fine-tuning in Neural Network Pruning"). Given a retraining budget of T − k steps, where T is the
 * run's training length:
 */
public enum RetrainMethod {

    /** The surviving weights go back to their dense values at step k; schedule from k. */
    WEIGHT_REWIND("weight-rewind", "weights rewound to step k, learning-rate schedule from k"),

    /** The trained weights are kept; the learning-rate schedule is replayed from step k. */
    LR_REWIND("lr-rewind", "trained weights, learning-rate schedule replayed from k"),

    /** The trained weights are kept and trained on at the final learning rate. */
    FINE_TUNE("fine-tune", "trained weights, final learning rate");

    private final String cliName;
    private final String description;

    RetrainMethod(String cliName, String description) {
        this.cliName = cliName;
        this.description = description;
    }

    /**
     * Returns the name used on the command line and in result files.
     *
     * @return e.g. {@code lr-rewind}
     */
    public String cliName() {
        return cliName;
    }

    /**
     * Returns a one-line description for people.
     *
     * @return the description
     */
    public String description() {
        return description;
    }

    /**
     * Parses a command-line name.
     *
     * @param name e.g. {@code fine-tune}
     * @return the method
     */
    public static RetrainMethod fromName(String name) {
        for (RetrainMethod m : values()) {
            if (m.cliName.equals(name.toLowerCase(Locale.ROOT))) {
                return m;
            }
        }
        throw new UserMistakeException(
                "Unknown retraining method '" + name + "': use "
                        + Arrays.stream(values()).map(RetrainMethod::cliName)
                                .collect(Collectors.joining(", ")) + ".");
    }
}
