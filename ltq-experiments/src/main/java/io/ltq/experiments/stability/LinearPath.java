package io.ltq.experiments.stability;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.Dataset;
import ai.djl.util.Pair;
import io.ltq.djl.rewind.NDArrayRewinder;
import io.ltq.djl.rewind.ParameterWriter;
import io.ltq.experiments.training.Evaluator;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The error of a network along the straight line αθ₁ + (1−α)θ₂ between two sets of weights held
 * in memory. Each point is written into the network in place and evaluated; the files the two
 * ends came from are never touched.
 */
public final class LinearPath {

    private LinearPath() {}

    /**
     * Evaluates test and train error at evenly spaced points of the path, α from 0 to 1.
     *
     * @param trainer an initialized trainer of the network whose parameters are overwritten
     * @param one θ₁, captured from the same network
     * @param two θ₂, captured from the same network
     * @param points the number of points, at least 2
     * @param test the test split
     * @param train the training examples for the train error
     * @return one point per α; α = 0 is θ₂ and α = 1 is θ₁
     * @throws IOException when the data cannot be read
     */
    public static List<StabilityResult.Point> evaluate(
            Trainer trainer,
            NDArrayRewinder one,
            NDArrayRewinder two,
            int points,
            Dataset test,
            Dataset train)
            throws IOException {
        Block block = trainer.getModel().getBlock();
        List<StabilityResult.Point> path = new ArrayList<>();
        for (double alpha : Interpolation.alphas(points)) {
            for (Pair<String, Parameter> pair : block.getParameters()) {
                NDArray a = one.capturedValue(pair.getKey());
                NDArray b = two.capturedValue(pair.getKey());
                try (NDManager scope = a.getManager().newSubManager()) {
                    // Results of operations on a and b land in the scope and die with it.
                    scope.tempAttachAll(a, b);
                    NDArray mixed = a.mul(alpha).addi(b.mul(1 - alpha));
                    ParameterWriter.IN_PLACE.write(pair.getValue(), mixed);
                }
            }
            double testError = 1 - Evaluator.evaluate(trainer, test).accuracy();
            double trainError = 1 - Evaluator.evaluate(trainer, train).accuracy();
            path.add(new StabilityResult.Point(alpha, testError, trainError));
        }
        return path;
    }
}
