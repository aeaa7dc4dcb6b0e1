package io.ltq.experiments.lottery;

import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import io.ltq.djl.training.NesterovSgd;
import java.util.ArrayList;
import java.util.List;

/** Makes the optimizer a run's settings describe, with the learning-rate schedule replayed from a step. */
public final class Optimizers {

    private Optimizers() {}

    /**
     * Creates a fresh optimizer for training that starts at {@code startStep}: learning-rate
     * drops already passed are applied to the base rate and later ones shifted, so a network
     * rewound to step k continues the schedule from k, as in the paper.
     *
     * @param config the run's settings
     * @param startStep the step training starts from
     * @return a new optimizer
     */
    public static Optimizer create(LotteryConfig config, long startStep) {
        Tracker tracker = schedule(config, startStep);
        float wd = (float) config.weightDecay();
        float momentum = (float) config.momentum();
        return switch (config.optimizer()) {
            case "adam" -> Optimizer.adam()
                    .optLearningRateTracker(tracker)
                    .optWeightDecays(wd)
                    .build();
            case "sgd" -> Optimizer.sgd()
                    .setLearningRateTracker(tracker)
                    .optWeightDecays(wd)
                    .build();
            case "momentum" -> Optimizer.sgd()
                    .setLearningRateTracker(tracker)
                    .optMomentum(momentum)
                    .optWeightDecays(wd)
                    .build();
            case "nesterov" -> NesterovSgd.builder()
                    .setLearningRateTracker(tracker)
                    .optMomentum(momentum)
                    .optWeightDecays(wd)
                    .build();
            default -> throw new IllegalArgumentException(
                    "Unknown optimizer " + config.optimizer() + ": use adam, sgd, momentum or"
                            + " nesterov.");
        };
    }

    /**
     * Returns the learning rate by update for training that starts at {@code startStep}: drops
     * already passed are applied to the base rate and later ones shifted.
     *
     * @param config the run's settings
     * @param startStep the step training starts from
     * @return the schedule, counted in DJL updates from 1
     */
    public static Tracker schedule(LotteryConfig config, long startStep) {
        float lr = (float) config.learningRate();
        List<Integer> later = new ArrayList<>();
        for (long drop : config.lrDrops()) {
            if (drop <= startStep) {
                lr *= 0.1f;
            } else {
                later.add(Math.toIntExact(drop - startStep));
            }
        }
        return later.isEmpty()
                ? Tracker.fixed(lr)
                : new LearningRateDrops(lr, 0.1f,
                        later.stream().mapToInt(Integer::intValue).toArray());
    }
}
