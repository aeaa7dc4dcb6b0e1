package io.ltq.experiments.training;

import java.util.List;

/**
 * The outcome of training one network for a fixed number of iterations.
 *
 * @param rows the metrics at every evaluation point, in step order
 * @param earlyStopStep the step of minimum validation loss, the paper's early-stopping iteration
 * @param earlyStopTestAccuracy the test accuracy at that step
 * @param finalTestAccuracy the test accuracy after the last step
 * @param trainMillis wall time spent in forward, backward and optimizer steps
 * @param evalMillis wall time spent evaluating on the validation and test sets
 * @param totalMillis wall time of the whole run: steps, evaluation and reading the batches
 */
public record TrainingResult(
        List<MetricsRow> rows,
        long earlyStopStep,
        double earlyStopTestAccuracy,
        double finalTestAccuracy,
        long trainMillis,
        long evalMillis,
        long totalMillis) {

    /**
     * Derives the early-stopping point from the rows.
     *
     * @param rows the metrics, at least one
     * @param trainMillis time in training steps
     * @param evalMillis time in evaluation
     * @param totalMillis total time
     * @return the result
     */
    public static TrainingResult of(
            List<MetricsRow> rows, long trainMillis, long evalMillis, long totalMillis) {
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("A training result needs at least one row.");
        }
        MetricsRow best = rows.get(0);
        for (MetricsRow r : rows) {
            // Strictly smaller: the earliest step wins a tie.
            if (r.validationLoss() < best.validationLoss()) {
                best = r;
            }
        }
        MetricsRow last = rows.get(rows.size() - 1);
        return new TrainingResult(
                List.copyOf(rows), best.step(), best.testAccuracy(), last.testAccuracy(),
                trainMillis, evalMillis, totalMillis);
    }
}
