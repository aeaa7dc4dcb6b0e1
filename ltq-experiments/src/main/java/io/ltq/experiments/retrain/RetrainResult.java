package io.ltq.experiments.retrain;

import io.ltq.experiments.lottery.RunFiles;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The outcome of retraining one level's mask with one method from step k.
 *
 * @param level the IMP level whose mask was retrained
 * @param weightsRemaining percent of prunable weights remaining
 * @param method how the network was retrained, e.g. {@code lr-rewind}
 * @param k the step retraining starts from
 * @param budget the number of retraining steps, T − k
 * @param earlyStopStep the step of the lowest validation loss
 * @param earlyStopTestAccuracy test accuracy at that step
 * @param finalTestAccuracy test accuracy at the end
 * @param trainMillis wall time inside training steps
 */
public record RetrainResult(
        int level,
        double weightsRemaining,
        String method,
        long k,
        long budget,
        long earlyStopStep,
        double earlyStopTestAccuracy,
        double finalTestAccuracy,
        long trainMillis) {

    /** The header of {@link #toCsv()} rows. */
    public static final String CSV_HEADER =
            "level,weights_remaining,method,k,budget,early_stop_step,early_stop_test_accuracy,"
                    + "final_test_accuracy,train_millis";

    /**
     * Formats this result as a CSV row.
     *
     * @return the row, without a line break
     */
    public String toCsv() {
        return String.format(java.util.Locale.ROOT, "%d,%.4f,%s,%d,%d,%d,%.6f,%.6f,%d", level,
                weightsRemaining, method, k, budget, earlyStopStep, earlyStopTestAccuracy,
                finalTestAccuracy, trainMillis);
    }

    /**
     * Reads the {@code summary.json} of one retraining, when it is finished.
     *
     * @param folder the retraining's folder, {@code retrain/level_LL/METHOD_kKKKKKK}
     * @param fix what to do about a damaged file
     * @return the result, or {@code null} when it is not finished
     * @throws IOException when the file cannot be read
     * @throws io.ltq.experiments.UserMistakeException naming the file and the fix when damaged
     */
    public static RetrainResult read(Path folder, String fix) throws IOException {
        return RunFiles.readSummary(folder, RetrainResult.class, r -> r.method() != null, fix);
    }
}
