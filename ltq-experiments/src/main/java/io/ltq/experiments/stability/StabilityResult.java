package io.ltq.experiments.stability;


import com.google.gson.JsonParseException;
import io.ltq.experiments.lottery.LtqJson;
import io.ltq.experiments.lottery.RunFiles;
import io.ltq.experiments.UserMistakeException;
import io.ltq.experiments.lottery.RunDirectory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The instability analysis of one rewind step: two copies trained from θk on different data
 * orders, and the errors along the straight line between them.
 *
 * @param level the pruning level whose mask was applied (0: dense)
 * @param step the step k the copies started from
 * @param path the errors at each interpolation point, α from 0 (copy 2) to 1 (copy 1)
 * @param testBarrier the test-error barrier
 * @param trainBarrier the train-error barrier
 * @param threshold the barrier below which the pair counts as stable
 * @param stable whether the test barrier is below the threshold
 */
public record StabilityResult(
        int level,
        long step,
        List<Point> path,
        double testBarrier,
        double trainBarrier,
        double threshold,
        boolean stable) {

    /**
     * One point of the interpolation path.
     *
     * @param alpha the weight of copy 1: θ = αθ₁ + (1−α)θ₂
     * @param testError the test error there
     * @param trainError the error on the training subset there
     */
    public record Point(double alpha, double testError, double trainError) {}

    /**
     * Builds the result from a path, computing the barriers.
     *
     * @param level the level
     * @param step the rewind step
     * @param path the points, α ascending
     * @param threshold the stability threshold
     * @return the result
     */
    public static StabilityResult of(int level, long step, List<Point> path, double threshold) {
        double test = Interpolation.barrier(path.stream().mapToDouble(Point::testError).toArray());
        double train =
                Interpolation.barrier(path.stream().mapToDouble(Point::trainError).toArray());
        return new StabilityResult(level, step, List.copyOf(path), test, train, threshold,
                test < threshold);
    }

    /**
     * Reads the {@code summary.json} that {@code ltq stability} wrote for one step, when that
     * step is finished.
     *
     * @param folder the step's folder, {@code stability/level_LL/k_KKKKKK}
     * @param rerun the command that recomputes it, for the message, e.g. {@code rerun ltq
     *     stability for that k}
     * @return the result, or {@code null} when the step is not finished
     * @throws IOException when the file cannot be read
     * @throws UserMistakeException naming the file and the fix when it is damaged
     */
    public static StabilityResult read(Path folder, String rerun) throws IOException {
        return RunFiles.readSummary(folder, StabilityResult.class,
                r -> r.path() != null && !r.path().isEmpty(), "delete its folder and " + rerun);
    }
}
