package io.ltq.bench.quick;

import io.ltq.experiments.models.Networks;

/**
 * Benchmark 1: the cost of a training step through LTQ (listener, masking optimizer, 80%-sparse
 * mask) over the same step of plain DJL dense training, on one engine, timed side by side.
 *
 * <p>The full run also times LTQ against plain DJL with the same masks multiplied in by hand after
 * each step. That ratio is LTQ's own machinery (listener, optimizer wrapper, mask lookup); what
 * separates the hand-masked step from the dense one is the mask multiply itself, which any way of
 * keeping pruned weights at zero pays.
 */
public final class StepOverheadBench {

    /** The target: an LTQ step costs at most this many times a plain dense step. */
    public static final double TARGET_RATIO = 1.03;

    /** The sparsity of the LTQ variant's mask. */
    public static final double SPARSITY = 0.8;

    /** Examples per step, the paper's for LeNet and the Conv networks. */
    public static final int BATCH_SIZE = 60;

    private StepOverheadBench() {}

    /**
     * Measures one network on one engine.
     *
     * @param engine {@code PyTorch} or {@code MXNet}
     * @param network the network, at its paper batch size of 60 with Adam
     * @param timer how to interleave and repeat the steps
     * @param full also time the dense step against a second dense network built alike, to show the
     *     measurement's noise, and LTQ against masking by hand
     * @return the result
     */
    public static Result run(String engine, Networks network, PairedTimer timer, boolean full) {
        // Enough different batches that no variant sees one more than a few times in a run, so
        // none of them memorizes its data (see TrainingStepFixture).
        int batches = Math.max(16, Math.min(512, timer.callsPerVariant(full ? 2 : 1) / 4));
        try (TrainingStepFixture dense = fixture(engine, network, batches, 0, false);
                TrainingStepFixture ltq = fixture(engine, network, batches, SPARSITY, false);
                TrainingStepFixture twin = full ? fixture(engine, network, batches, 0, false) : null;
                TrainingStepFixture hand =
                        full ? fixture(engine, network, batches, SPARSITY, true) : null) {
            PairedTimer.Result r = timer.measure(dense::step, ltq::step);
            Double noise = null;
            Double overHand = null;
            if (full) {
                // Two networks built alike still differ by where their memory landed: this is
                // the ratio that noise and placement alone produce.
                noise = timer.measure(dense::step, twin::step).wallRatio();
                overHand = timer.measure(hand::step, ltq::step).wallRatio();
            }
            return new Result(
                    engine,
                    network.cliName(),
                    BATCH_SIZE,
                    "adam",
                    ltq.sparsity(),
                    r.baseline().wallNanos() / 1e6,
                    r.variant().wallNanos() / 1e6,
                    r.baseline().cpuNanos() / 1e6,
                    r.variant().cpuNanos() / 1e6,
                    r.baseline().minorFaults(),
                    r.variant().minorFaults(),
                    r.wallRatio(),
                    r.cpuRatio(),
                    noise,
                    overHand,
                    r.rounds(),
                    r.callsPerRound(),
                    TARGET_RATIO,
                    r.wallRatio() <= TARGET_RATIO);
        }
    }

    private static TrainingStepFixture fixture(
            String engine, Networks network, int batches, double sparsity, boolean hand) {
        return TrainingStepFixture.builder()
                .setEngine(engine)
                .optNetwork(network)
                .optBatchSize(BATCH_SIZE)
                .optBatches(batches)
                .optSparsity(sparsity)
                .optHandMasked(hand)
                .build();
    }

    /**
     * One network on one engine.
     *
     * @param engine the engine
     * @param network the network's CLI name
     * @param batchSize examples per step
     * @param optimizer the optimizer
     * @param sparsity the fraction of prunable weights the LTQ variant has pruned
     * @param denseMs median wall milliseconds of a plain DJL step
     * @param ltqMs median wall milliseconds of an LTQ step
     * @param denseCpuMs process CPU milliseconds of a plain DJL step, all threads
     * @param ltqCpuMs process CPU milliseconds of an LTQ step, all threads
     * @param denseFaults minor page faults per plain DJL step
     * @param ltqFaults minor page faults per LTQ step
     * @param ratioWall median over rounds of LTQ over dense, wall time (the one judged)
     * @param ratioCpu LTQ's total process CPU time over dense's
     * @param noiseRatioWall the wall ratio of the dense step against a second dense network built
     *     alike, when measured: how far from 1 noise and memory placement alone move a ratio
     * @param ratioOverHandMasked the wall ratio of LTQ over plain DJL with the same masks applied
     *     by hand, when measured: LTQ's machinery without the mask multiply
     * @param rounds rounds per variant
     * @param stepsPerRound steps per round
     * @param target the target ratio
     * @param meetsTarget whether {@code ratioWall <= target}
     */
    public record Result(
            String engine,
            String network,
            int batchSize,
            String optimizer,
            double sparsity,
            double denseMs,
            double ltqMs,
            double denseCpuMs,
            double ltqCpuMs,
            double denseFaults,
            double ltqFaults,
            double ratioWall,
            double ratioCpu,
            Double noiseRatioWall,
            Double ratioOverHandMasked,
            int rounds,
            int stepsPerRound,
            double target,
            boolean meetsTarget) {}
}
