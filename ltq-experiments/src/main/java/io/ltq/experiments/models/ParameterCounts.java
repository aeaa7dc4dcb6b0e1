package io.ltq.experiments.models;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;

/**
 * Counts the parameters of an initialized block.
 *
 * <p>DJL lists batch-norm running means and variances as parameters; PyTorch and the papers do not
 * count them. {@link #trainable(Block)} matches the papers' numbers, {@link #total(Block)} counts
 * everything DJL stores.
 */
public final class ParameterCounts {

    private ParameterCounts() {}

    /**
     * Returns the number of scalars in learned parameters: everything but batch-norm running
     * statistics (decided by parameter type, so freezing a layer does not change the count).
     *
     * @param block an initialized block
     * @return the trainable parameter count
     */
    public static long trainable(Block block) {
        return count(block, true);
    }

    /**
     * Returns the number of scalars in all parameters, batch-norm running statistics included.
     *
     * @param block an initialized block
     * @return the total parameter count
     */
    public static long total(Block block) {
        return count(block, false);
    }

    private static long count(Block block, boolean trainableOnly) {
        long sum = 0;
        for (Pair<String, Parameter> pair : block.getParameters()) {
            Parameter p = pair.getValue();
            if (!p.isInitialized()) {
                throw new IllegalStateException(
                        "Parameter "
                                + pair.getKey()
                                + " is not initialized; call block.initialize(...) first.");
            }
            if (!trainableOnly || !isRunningStatistic(p)) {
                sum += p.getArray().size();
            }
        }
        return sum;
    }

    private static boolean isRunningStatistic(Parameter p) {
        return p.getType() == Parameter.Type.RUNNING_MEAN
                || p.getType() == Parameter.Type.RUNNING_VAR;
    }
}
