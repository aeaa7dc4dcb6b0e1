package io.ltq.bench.quick;

import io.ltq.experiments.models.Networks;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where a training step's time goes: each phase of plain DJL dense steps and of LTQ's (80%
 * sparse) steps, timed phase by phase over many steps, on one engine. The phases are those of
 * {@link TrainingStepFixture#timedStep}; the same job in PyTorch eager from Python is timed by
 * {@code ltq-bench/scripts/step-phases.py}, phase for phase, for the comparison with what DJL
 * and the engine cost.
 */
public final class StepPhasesBench {

    private StepPhasesBench() {}

    /**
     * Times the phases.
     *
     * @param engine {@code PyTorch} or {@code MXNet}
     * @param network the network, at batch 60 with Adam
     * @param warmup steps taken first, untimed
     * @param steps steps timed
     * @return the mean time per phase, dense and LTQ
     */
    public static Result run(String engine, Networks network, int warmup, int steps) {
        int batches = 64;
        try (TrainingStepFixture dense = fixture(engine, network, batches, 0);
                TrainingStepFixture ltq = fixture(engine, network, batches,
                        StepOverheadBench.SPARSITY)) {
            int phases = TrainingStepFixture.PHASES.size();
            long[] denseNanos = new long[phases];
            long[] ltqNanos = new long[phases];
            for (int i = 0; i < warmup; i++) {
                dense.timedStep(new long[phases]);
                ltq.timedStep(new long[phases]);
            }
            // Alternating, so that load on the machine falls on both alike.
            for (int i = 0; i < steps; i++) {
                dense.timedStep(denseNanos);
                ltq.timedStep(ltqNanos);
            }
            return new Result(engine, network.cliName(), steps, micros(denseNanos, steps),
                    micros(ltqNanos, steps));
        }
    }

    private static TrainingStepFixture fixture(String engine, Networks network, int batches,
            double sparsity) {
        return TrainingStepFixture.builder().setEngine(engine).optNetwork(network)
                .optBatchSize(StepOverheadBench.BATCH_SIZE).optSparsity(sparsity)
                .optBatches(batches).build();
    }

    private static Map<String, Double> micros(long[] nanos, int steps) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (int p = 0; p < nanos.length; p++) {
            out.put(TrainingStepFixture.PHASES.get(p), nanos[p] / 1e3 / steps);
        }
        return out;
    }

    /**
     * The phases of one engine's steps.
     *
     * @param engine the engine
     * @param network the network's CLI name
     * @param steps the steps timed for each variant
     * @param denseMicros plain DJL dense: mean microseconds per step, by phase
     * @param ltqMicros LTQ, 80% sparse: mean microseconds per step, by phase
     */
    public record Result(String engine, String network, int steps,
            Map<String, Double> denseMicros, Map<String, Double> ltqMicros) {

        /**
         * Returns the whole step, without the batch: what a run's training time counts.
         *
         * @param phases one variant's phases
         * @return microseconds
         */
        public static double stepMicros(Map<String, Double> phases) {
            return phases.entrySet().stream().filter(e -> !e.getKey().equals("batch"))
                    .mapToDouble(Map.Entry::getValue).sum();
        }
    }
}
