package io.ltq.experiments.report;

/**
 * ShrinkBench's numbers for one pruning level. The FLOP figures are theoretical: a mask zeroes
 * weights, but dense kernels still multiply by those zeros, so only sparse kernels or hardware
 * could turn the nonzero FLOPs into time.
 *
 * @param level the pruning level
 * @param weightsRemaining the percentage of prunable weights that survive
 * @param parameters all trainable parameters of the dense network, biases included
 * @param nonzeroParameters parameters left after pruning (pruned weights subtracted)
 * @param flops weight multiply–accumulates of the dense network, per example
 * @param nonzeroFlops those left: each layer's FLOPs scaled by its mask's density
 */
public record CompressionRow(
        int level,
        double weightsRemaining,
        long parameters,
        long nonzeroParameters,
        long flops,
        long nonzeroFlops) {

    /**
     * Returns how many times fewer parameters the pruned network has.
     *
     * @return parameters / nonzero parameters
     */
    public double compressionRatio() {
        return (double) parameters / nonzeroParameters;
    }

    /**
     * Returns the speedup sparse kernels could reach at best, not one this run measured.
     *
     * @return FLOPs / nonzero FLOPs
     */
    public double theoreticalSpeedup() {
        return (double) flops / nonzeroFlops;
    }
}
