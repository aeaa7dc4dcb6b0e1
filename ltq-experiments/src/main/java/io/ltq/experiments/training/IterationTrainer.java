package io.ltq.experiments.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.Batch;
import ai.djl.training.dataset.Dataset;
import ai.djl.training.listener.TrainingListener;
import ai.djl.translate.TranslateException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Trains for an exact number of optimizer steps, as the paper counts them, across as many epochs
 * as that takes, evaluating on the validation set at a fixed interval and on the test set at a
 * coarser one (the same unless set): the test set is also evaluated at the last step and at
 * every point where the validation loss reaches a new minimum, the candidates for the early-stop
 * step, so the early-stop test accuracy is measured exactly however rarely the test set is
 * otherwise evaluated. Points without a test evaluation record a NaN test accuracy.
 */
public final class IterationTrainer {

    private final long iterations;
    private final long evalEvery;
    private final long testEvery;
    private final ProgressListener progress;

    private IterationTrainer(Builder b) {
        this.iterations = b.iterations;
        this.evalEvery = b.evalEvery;
        this.testEvery = b.testEvery > 0 ? b.testEvery : b.evalEvery;
        this.progress = b.progress;
    }

    /**
     * Returns a builder.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Trains the trainer's network from step {@code startStep} to the configured number of
     * iterations.
     *
     * @param trainer an initialized trainer
     * @param train the training data (its sampler decides the order)
     * @param validation the held-out validation split
     * @param test the test set
     * @param startStep the step training resumes from (the rewind step for late rewinding)
     * @return the metrics and the early-stopping point
     * @throws IOException when data cannot be read
     */
    public TrainingResult train(
            Trainer trainer, Dataset train, Dataset validation, Dataset test, long startStep)
            throws IOException {
        long begin = System.nanoTime();
        long trainNanos = 0;
        long[] evalNanos = {0};
        List<MetricsRow> rows = new ArrayList<>();
        long step = startStep;
        double lossSum = 0;
        long lossCount = 0;
        double[] bestValidationLoss = {Double.NaN};
        if (step % evalEvery == 0 || step == iterations) {
            rows.add(evaluate(trainer, step, Double.NaN, validation, test, evalNanos,
                    bestValidationLoss));
        }
        try {
            while (step < iterations) {
                for (Batch batch : trainer.iterateDataset(train)) {
                    try (batch) {
                        long t0 = System.nanoTime();
                        lossSum += trainBatch(trainer, batch);
                        trainer.step();
                        trainNanos += System.nanoTime() - t0;
                    }
                    step++;
                    lossCount++;
                    if (step % evalEvery == 0 || step == iterations) {
                        double meanLoss = lossCount == 0 ? Double.NaN : lossSum / lossCount;
                        rows.add(evaluate(trainer, step, meanLoss, validation, test, evalNanos,
                                bestValidationLoss));
                        lossSum = 0;
                        lossCount = 0;
                    }
                    if (progress != null) {
                        progress.onStep(step, iterations);
                    }
                    if (step >= iterations) {
                        break;
                    }
                }
            }
        } catch (TranslateException e) {
            throw new IOException("Could not read a training batch.", e);
        }
        long total = (System.nanoTime() - begin) / 1_000_000;
        return TrainingResult.of(rows, trainNanos / 1_000_000, evalNanos[0] / 1_000_000, total);
    }

    /**
     * Evaluates, the test set only where it is due or the validation loss is a new minimum
     * (strictly lower, as {@link TrainingResult} picks the earliest of equal losses), and adds the
     * time it took to {@code evalNanos[0]}.
     */
    private MetricsRow evaluate(
            Trainer trainer,
            long step,
            double trainLoss,
            Dataset validation,
            Dataset test,
            long[] evalNanos,
            double[] bestValidationLoss)
            throws IOException {
        long t0 = System.nanoTime();
        Evaluation val = Evaluator.evaluate(trainer, validation);
        boolean newBest = Double.isNaN(bestValidationLoss[0])
                || val.loss() < bestValidationLoss[0];
        if (newBest) {
            bestValidationLoss[0] = val.loss();
        }
        double testAccuracy = Double.NaN;
        if (newBest || step % testEvery == 0 || step == iterations) {
            testAccuracy = Evaluator.evaluate(trainer, test).accuracy();
        }
        evalNanos[0] += System.nanoTime() - t0;
        MetricsRow row = new MetricsRow(step, trainLoss, val.loss(), val.accuracy(),
                testAccuracy);
        return row;
    }

    /**
     * Does what {@link ai.djl.training.EasyTrain#trainBatch} does (forward and backward on each
     * device's split, then notify the listeners before the step) and also returns the loss, which
     * EasyTrain keeps to itself.
     */
    static double trainBatch(Trainer trainer, Batch batch) {
        Batch[] splits = batch.split(trainer.getDevices(), false);
        TrainingListener.BatchData batchData =
                new TrainingListener.BatchData(
                        batch, new ConcurrentHashMap<>(), new ConcurrentHashMap<>());
        double loss = 0;
        long examples = 0;
        try (GradientCollector collector = trainer.newGradientCollector()) {
            for (Batch split : splits) {
                NDList data = split.getData();
                NDList labels = split.getLabels();
                NDList preds = trainer.forward(data, labels);
                NDArray value = trainer.getLoss().evaluate(labels, preds);
                collector.backward(value);
                long n = labels.head().getShape().get(0);
                loss += value.getFloat() * n;
                examples += n;
                batchData.getLabels().put(labels.get(0).getDevice(), labels);
                batchData.getPredictions().put(preds.get(0).getDevice(), preds);
            }
        }
        trainer.notifyListeners(listener -> listener.onTrainingBatch(trainer, batchData));
        return examples == 0 ? 0 : loss / examples;
    }

    /** Receives progress after each step, for progress bars. */
    @FunctionalInterface
    public interface ProgressListener {

        /**
         * Called after every optimizer step.
         *
         * @param step the steps done
         * @param total the steps to do
         */
        void onStep(long step, long total);
    }

    /** Configures an {@link IterationTrainer}. */
    public static final class Builder {

        private long iterations = -1;
        private long evalEvery = 1000;
        private long testEvery;
        private ProgressListener progress;

        Builder() {}

        /**
         * Sets how many optimizer steps training lasts in total.
         *
         * @param iterations the number of steps, more than 0
         * @return this builder
         */
        public Builder setIterations(long iterations) {
            this.iterations = iterations;
            return this;
        }

        /**
         * Sets the evaluation interval in steps.
         *
         * @param evalEvery evaluate every this many steps, and at the end
         * @return this builder
         */
        public Builder optEvalEvery(long evalEvery) {
            this.evalEvery = evalEvery;
            return this;
        }

        /**
         * Sets the test-set interval in steps, a multiple of the evaluation interval; the test
         * set is also evaluated at the end and at every new minimum of the validation loss.
         * Unset, it is the evaluation interval: the test set at every evaluation.
         *
         * @param testEvery evaluate the test set every this many steps
         * @return this builder
         */
        public Builder optTestEvery(long testEvery) {
            this.testEvery = testEvery;
            return this;
        }

        /**
         * Receives progress after every step.
         *
         * @param progress the listener
         * @return this builder
         */
        public Builder optProgress(ProgressListener progress) {
            this.progress = progress;
            return this;
        }

        /**
         * Builds the trainer loop.
         *
         * @return the loop
         */
        public IterationTrainer build() {
            if (iterations <= 0) {
                throw new IllegalArgumentException(
                        "Training needs a positive number of iterations, got " + iterations + ".");
            }
            if (evalEvery <= 0) {
                throw new IllegalArgumentException(
                        "The evaluation interval must be positive, got " + evalEvery + ".");
            }
            if (testEvery < 0 || (testEvery > 0 && testEvery % evalEvery != 0)) {
                throw new IllegalArgumentException(
                        "The test interval must be a positive multiple of the evaluation interval "
                                + evalEvery + ", got " + testEvery + ".");
            }
            return new IterationTrainer(this);
        }
    }
}
