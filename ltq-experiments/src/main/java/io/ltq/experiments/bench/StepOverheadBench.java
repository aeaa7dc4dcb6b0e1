package io.ltq.experiments.bench;

import io.ltq.experiments.models.Networks;

/**
 * Benchmark 1: the cost of a training step through LTQ (listener, masking optimizer, 80%-sparse
 * mask) over the same step of plain DJL dense training, on one engine, timed side by side.
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
     * @param noise also time the dense step against itself, to show the measurement's noise
     * @return the result
     */
    public static Result run(String engine, Networks network, PairedTimer timer, boolean noise) {
        try (TrainingStepFixture dense =
                        TrainingStepFixture.builder()
                                .setEngine(engine)
                                .optNetwork(network)
                                .optBatchSize(BATCH_SIZE)
                                .build();
                TrainingStepFixture ltq =
                        TrainingStepFixture.builder()
                                .setEngine(engine)
                                .optNetwork(network)
                                .optBatchSize(BATCH_SIZE)
                                .optSparsity(SPARSITY)
                                .build()) {
            PairedTimer.Result r = timer.measure(dense::step, ltq::step);
            Double noiseRatio = null;
            if (noise) {
                noiseRatio = timer.measure(dense::step, dense::step).cpuRatio();
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
                    r.wallRatio(),
                    r.cpuRatio(),
                    noiseRatio,
                    r.rounds(),
                    r.callsPerRound(),
                    TARGET_RATIO,
                    r.cpuRatio() <= TARGET_RATIO);
        }
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
     * @param denseCpuMs median process CPU milliseconds of a plain DJL step
     * @param ltqCpuMs median process CPU milliseconds of an LTQ step
     * @param ratioWall median over rounds of LTQ over dense, wall time
     * @param ratioCpu median over rounds of LTQ over dense, process CPU time (the one judged)
     * @param noiseRatioCpu the same for dense against itself, when measured: how far from 1 the
     *     noise alone moves a ratio
     * @param rounds rounds per variant
     * @param stepsPerRound steps per round
     * @param target the target ratio
     * @param meetsTarget whether {@code ratioCpu <= target}
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
            double ratioWall,
            double ratioCpu,
            Double noiseRatioCpu,
            int rounds,
            int stepsPerRound,
            double target,
            boolean meetsTarget) {}
}
