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
        TrainingSettings training = config.training();
        Tracker tracker = schedule(training, startStep);
        float wd = (float) training.weightDecay();
        float momentum = (float) training.momentum();
        return switch (training.optimizer()) {
            case ADAM -> Optimizer.adam()
                    .optLearningRateTracker(tracker)
                    .optWeightDecays(wd)
                    .build();
            case SGD -> Optimizer.sgd()
                    .setLearningRateTracker(tracker)
                    .optWeightDecays(wd)
                    .build();
            case MOMENTUM -> Optimizer.sgd()
                    .setLearningRateTracker(tracker)
                    .optMomentum(momentum)
                    .optWeightDecays(wd)
                    .build();
            case NESTEROV -> NesterovSgd.builder()
                    .setLearningRateTracker(tracker)
                    .optMomentum(momentum)
                    .optWeightDecays(wd)
                    .build();
        };
    }

    /**
     * Returns the learning rate by update for training that starts at {@code startStep}: the
     * run's warmup and drops, continued from that step.
     *
     * @param training the run's training settings
     * @param startStep the step training starts from
     * @return the schedule, counted in DJL updates from 1
     */
    public static Tracker schedule(TrainingSettings training, long startStep) {
        return LearningRateSchedule.builder()
                .setBaseRate((float) training.learningRate())
                .optDrops(training.lrDrops())
                .optWarmup(training.warmupSteps())
                .optStartStep(startStep)
                .build();
    }
}
