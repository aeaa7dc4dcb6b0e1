package io.ltq.experiments.lottery;

import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import io.ltq.djl.training.LearningRateSchedule;
import io.ltq.djl.training.NesterovSgd;

/** Makes the optimizer a run's settings describe, with the learning-rate schedule replayed from a step. */
public final class Optimizers {

    private Optimizers() {}

    /**
     * Creates a fresh optimizer for training that starts at {@code startStep}: the learning-rate
     * schedule (warmup, drops) continues from that step, so a network rewound to step k
     * continues it from k, as in the paper.
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
     * Returns the learning rate by update for training that starts at {@code startStep}: the
     * run's warmup and drops, continued from that step.
     *
     * @param config the run's settings
     * @param startStep the step training starts from
     * @return the schedule, counted in DJL updates from 1
     */
    public static Tracker schedule(LotteryConfig config, long startStep) {
        return LearningRateSchedule.builder()
                .setBaseRate((float) config.learningRate())
                .optDrops(config.lrDrops())
                .optWarmup(config.warmupSteps())
                .optStartStep(startStep)
                .build();
    }
}
